namespace Atmo.Ble.Protocol;

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
    int Bytes)
{
    /// <summary>
    /// The HST time of the session, whole seconds: the device back-dates its records from it, so the newest record
    /// of a complete download is stamped one minute before it (protocol §4.5).
    /// </summary>
    public DateTimeOffset RequestTime { get; init; }

    /// <summary>The time the device gave the last record of the batch.</summary>
    public DateTimeOffset LastRecordTime => FirstRecordTime + ((Records.Count - 1) * HistoryRecordDecoder.Interval);
}
