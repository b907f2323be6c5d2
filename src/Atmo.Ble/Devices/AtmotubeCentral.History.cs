using Atmo.Ble.Protocol;
using Atmo.Core;
using Microsoft.Extensions.Logging;

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

    /// <summary>
    /// Downloads a unit's unsynced history: connect, UART link, <see cref="HistorySession"/> (persist
    /// before acknowledge), disconnect. Outcomes of the session (link lost, no reply, rejected …) are
    /// in the result; failures to connect are thrown as <see cref="Atmo.Ble.BlueZ.BlueZException"/>.
    /// </summary>
    public Task<HistoryDownloadResult> DownloadHistoryAsync(
        MacAddress address,
        PersistBatch persist,
        IProgress<HistoryProgress>? progress,
        HistorySessionOptions? options,
        CancellationToken cancellationToken)
    {
        var session = new HistorySession(options ?? new HistorySessionOptions(), _time, _loggers.CreateLogger<HistorySession>());
        return WithUartAsync(address, (link, ct) => session.RunAsync(link, persist, progress, ct), cancellationToken);
    }
}
