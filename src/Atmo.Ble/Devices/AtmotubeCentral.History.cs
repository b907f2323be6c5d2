using Atmo.Core;

namespace Atmo.Ble.Devices;

// Sessions over the UART: connect, open the link, run, always disconnect.
public sealed partial class AtmotubeCentral
{
    /// <summary>
    /// Connects to a unit, opens its UART link (notifications on before the first write), runs
    /// <paramref name="session"/>, then stops notifications and disconnects — also on failure and
    /// cancellation.
    /// </summary>
    /// <exception cref="Atmo.Ble.BlueZ.BlueZException">The unit could not be connected or has no UART service.</exception>
    public async Task<T> WithUartAsync<T>(MacAddress address, Func<BlueZUartLink, CancellationToken, Task<T>> session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using AtmotubeConnection connection = await ConnectAsync(address, cancellationToken).ConfigureAwait(false);
        await using BlueZUartLink link = await connection.OpenUartAsync(cancellationToken).ConfigureAwait(false);
        return await session(link, cancellationToken).ConfigureAwait(false);
    }
}
