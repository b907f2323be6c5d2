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

public sealed class LinkLostException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Persists a complete batch durably. It returns only after the commit; throwing means "not stored",
/// and the batch is then not acknowledged.
/// </summary>
public delegate Task PersistBatch(HistoryBatch batch, CancellationToken cancellationToken);

/// <summary>One decoded history record (one minute). Null = the device's no-data sentinel.</summary>
/// <param name="Time">HT first-record time + index × 60 s, as the device stamped it (UTC).</param>
public sealed record HistoryRecord(
    DateTimeOffset Time,
    int? TemperatureC,
    int? HumidityPercent,
    int? VocPpb,
    int? PressurePa,
    int? Pm1,
    int? Pm25,
    int? Pm10);

/// <summary>A complete batch: the HT header and all its HD packets.</summary>
/// <param name="Sequence">0 for the first batch of this session.</param>
/// <param name="Packets">HT and HD notifications of the batch.</param>
/// <param name="Bytes">Their total length.</param>
public sealed record HistoryBatch(
    int Sequence,
    DateTimeOffset FirstRecordTime,
    int RecordSize,
    IReadOnlyList<HistoryRecord> Records,
    int Packets,
    int Bytes);

/// <param name="Batches">Batches stored so far in this session.</param>
/// <param name="Records">Records stored so far.</param>
/// <param name="Bytes">Notification bytes (HT + HD) of the stored batches.</param>
public sealed record HistoryProgress(int Batches, int Records, long Bytes, TimeSpan Elapsed);

public enum HistoryOutcome
{
    /// <summary>The device went quiet after its last batch: everything it had was received.</summary>
    Completed,

    /// <summary>The device never answered the HST request.</summary>
    NoReply,

    /// <summary>A packet was inconsistent or implausible; the batch was not acknowledged.</summary>
    Rejected,

    /// <summary>The link dropped; the batch in flight was not acknowledged.</summary>
    LinkLost,

    /// <summary>The persistence callback failed; the batch was not acknowledged.</summary>
    PersistFailed,

    /// <summary>A packet did not arrive in time in the middle of a batch.</summary>
    TimedOut,

    /// <summary>Cancelled by the caller; the batch in flight was not acknowledged.</summary>
    Cancelled,
}

/// <param name="Bytes">Notification bytes (HT + HD) of the stored batches.</param>
/// <param name="Problem">What went wrong, for a person; null when <see cref="HistoryOutcome.Completed"/>.</param>
public sealed record HistoryDownloadResult(
    HistoryOutcome Outcome,
    int BatchesStored,
    int BatchesAcknowledged,
    int RecordsStored,
    long Bytes,
    TimeSpan Elapsed,
    string? Problem)
{
    /// <summary>
    /// True when the session ended after the short <see cref="HistorySessionOptions.NewestRecordSilence"/> because
    /// its last acknowledged batch reached the newest record the device can hold (see
    /// <see cref="HistorySessionOptions.EndAtNewestRecord"/>); false when it ended otherwise (full silence, failure).
    /// </summary>
    public bool EndedAtNewestRecord { get; init; }
}

/// <summary>Timeouts of the history session. Defaults follow the protocol document, §4.6.</summary>
public sealed class HistorySessionOptions
{
    /// <summary>How long to wait for the first reply to HST. Default 10 s.</summary>
    public TimeSpan FirstReplyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Silence after an acknowledged batch that means "no more history". Default 15 s. With
    /// <see cref="EndAtNewestRecord"/> this is only the fallback, for batches that do not end at the newest record.
    /// </summary>
    public TimeSpan BetweenBatchesTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// End of history without the long silence. The device back-dates its records from the HST time, so the newest
    /// record it can send in this session is stamped HST − 60 s (protocol document §4.5, §4.8). When an
    /// acknowledged batch ends there (its last record lies in [HST − 60 s, HST], the ±60 s accuracy of §4.5), no
    /// unsynced record can follow, and the session waits only <see cref="NewestRecordSilence"/> instead of
    /// <see cref="BetweenBatchesTimeout"/>. Safe for data: a record that was not received was not acknowledged and
    /// stays on the device for the next visit. A device whose time base is off (last record outside that window)
    /// still ends on the full silence. False = always wait <see cref="BetweenBatchesTimeout"/>. Default true.
    /// </summary>
    public bool EndAtNewestRecord { get; set; } = true;

    /// <summary>
    /// Silence that ends the session after a batch reaching the newest record (<see cref="EndAtNewestRecord"/>).
    /// Not zero on purpose: it lets the last HOK (a write without response) leave the radio before the disconnect,
    /// and a device that sends another HT after all is still served, the session then carries on as usual.
    /// Zero = end at once. Default 0.5 s.
    /// </summary>
    public TimeSpan NewestRecordSilence { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest gap between packets inside a batch. Default 10 s.</summary>
    public TimeSpan BetweenPacketsTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// False = observe only: batches are persisted but never acknowledged, so the device keeps them
    /// for the phone app (and re-sends the first batch). Default true.
    /// </summary>
    public bool Acknowledge { get; set; } = true;

    /// <summary>
    /// Persisting a batch longer than this logs a warning: the device waits only about 5 s for HOK before it
    /// sends the batch again. Default 3 s.
    /// </summary>
    public TimeSpan PersistWarningThreshold { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How far past the host's clock a record time may lie before the batch is rejected as implausible. The device
    /// back-dates records from the HST time, so its newest record should be about one minute before now. Default 10 min.
    /// </summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(10);
}
