using System.Threading.Channels;

namespace Atmo.Ble.Protocol;

// The contract between the history state machine (pure protocol code) and the BlueZ transport.
// The state machine itself is HistorySession:
//   new HistorySession(HistorySessionOptions, TimeProvider, ILogger<HistorySession>)
//     .RunAsync(IUartLink link, PersistBatch persist, IProgress<HistoryProgress>? progress, CancellationToken ct)
//     -> Task<HistoryDownloadResult>

/// <summary>The Nordic UART link of one connected device, as the history session sees it.</summary>
public interface IUartLink
{
    /// <summary>Writes one command (HST or HOK, 7 bytes) to characteristic 6e400002.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken);

    /// <summary>
    /// Notifications from characteristic 6e400003 in arrival order, subscribed before the first write.
    /// The reader completes when the link drops (with a <see cref="LinkLostException"/>) or is closed.
    /// </summary>
    ChannelReader<byte[]> Notifications { get; }
}
