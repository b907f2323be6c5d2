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
    int Bytes);
