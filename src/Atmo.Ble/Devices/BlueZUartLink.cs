using System.Threading.Channels;
using Atmo.Ble.BlueZ;
using Atmo.Ble.Protocol;
using Microsoft.Extensions.Logging;

namespace Atmo.Ble.Devices;

/// <summary>
/// The Nordic UART link of a connected Atmotube over BlueZ: writes to 6e400002 (write without
/// response when the characteristic offers it), notifications from 6e400003 (subscribed before
/// the first write).
/// </summary>
public sealed class BlueZUartLink : IUartLink, IAsyncDisposable
{
    private readonly BlueZClient _client;
    private readonly BlueZCharacteristicInfo _rx;
    private readonly BlueZCharacteristicInfo _tx;
    private readonly GattNotificationWatch<byte[]> _watch;
    private readonly ILogger _logger;
    private int _disposed;

    private BlueZUartLink(BlueZClient client, BlueZCharacteristicInfo rx, BlueZCharacteristicInfo tx, GattNotificationWatch<byte[]> watch, ILogger logger)
    {
        _client = client;
        _rx = rx;
        _tx = tx;
        _watch = watch;
        _logger = logger;
    }

    public ChannelReader<byte[]> Notifications => _watch.Reader;

    /// <summary>ATT MTU BlueZ reports for the link (23 … 517), when it exposes it.</summary>
    public int? Mtu => _tx.Mtu ?? _rx.Mtu;

    internal static async Task<BlueZUartLink> OpenAsync(BlueZClient client, string devicePath, BlueZCharacteristicInfo rx, BlueZCharacteristicInfo tx, ILogger logger, CancellationToken cancellationToken)
    {
        var watch = new GattNotificationWatch<byte[]>(client, devicePath, new Dictionary<string, string> { [tx.Path] = tx.Uuid }, static (_, bytes) => bytes);
        try
        {
            await client.StartNotifyAsync(tx.Path, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            watch.Dispose();
            throw;
        }

        return new BlueZUartLink(client, rx, tx, watch, logger);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        if (_watch.Failure is Exception lost)
            throw new LinkLostException(lost.Message, lost);
        try
        {
            await _client.WriteValueAsync(_rx.Path, command, _rx.PrefersWriteWithoutResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (BlueZException e) when (e.Kind is BlueZErrorKind.NotConnected or BlueZErrorKind.UnknownObject or BlueZErrorKind.ServiceUnknown)
        {
            throw new LinkLostException($"Link lost while writing to {_rx.Uuid}: {e.Detail ?? e.Kind.ToString()}.", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_watch.EndWithLinkUp())
            return;
        await AtmotubeCentral.StopNotifyQuietlyAsync(_client, _tx.Path, _logger).ConfigureAwait(false);
    }
}
