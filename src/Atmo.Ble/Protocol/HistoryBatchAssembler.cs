using System.Globalization;

namespace Atmo.Ble.Protocol;

/// <summary>
/// Collects one batch (an HT and its HD packets) and validates it as it goes (§4.3, §4.9 step 5). Every check
/// returns a problem text instead of throwing: a failed check means "do not acknowledge", so the device keeps the
/// batch. Records are decoded straight from the notification spans.
/// </summary>
public sealed class HistoryBatchAssembler
{
    private readonly List<HistoryRecord> _records;

    private HistoryBatchAssembler(int sequence, DateTimeOffset firstRecordTime, int count, int recordSize, int headerBytes)
    {
        Sequence = sequence;
        FirstRecordTime = firstRecordTime;
        ExpectedRecords = count;
        RecordSize = recordSize;
        _records = new List<HistoryRecord>(count);
        Packets = 1;
        Bytes = headerBytes;
    }

    public int Sequence { get; }
    public DateTimeOffset FirstRecordTime { get; }

    /// <summary>HT byte 7.</summary>
    public int ExpectedRecords { get; }

    public int RecordSize { get; }
    public int ReceivedRecords => _records.Count;
    public int Packets { get; private set; }
    public int Bytes { get; private set; }
    public bool IsComplete => _records.Count == ExpectedRecords;

    /// <summary>
    /// Starts a batch from an HT packet. Returns null and the assembler, or a problem text. Only the structure is
    /// checked here: whether the record times can be trusted is the persisting side's decision, made with the
    /// session's HST time (<see cref="HistoryBatch.RequestTime"/>), so that a device with a wrong clock is never a
    /// batch rejected at every visit.
    /// </summary>
    /// <param name="header">An HT packet with at least one record (an HT with none means "no history").</param>
    public static string? TryStart(
        HistoryPacket header,
        int sequence,
        out HistoryBatchAssembler? assembler)
    {
        assembler = null;
        if (header.Kind != HistoryPacketKind.Header)
            return "expected an HT header";
        if (header.RecordCount < 1)
            return "HT announces 0 records";
        if (header.RecordSize < HistoryRecordDecoder.KnownLength)
            return Text($"HT record size {header.RecordSize} is below the {HistoryRecordDecoder.KnownLength} known bytes of a record");

        uint firstSeconds = header.FirstRecordUnixSeconds;
        assembler = new HistoryBatchAssembler(
            sequence, DateTimeOffset.FromUnixTimeSeconds(firstSeconds), header.RecordCount, header.RecordSize, header.Raw.Length);
        return null;
    }

    /// <summary>Adds one HD packet; returns a problem text when it does not fit the batch.</summary>
    public string? TryAdd(HistoryPacket data)
    {
        if (data.Kind != HistoryPacketKind.Data)
            return "expected an HD packet";
        ReadOnlySpan<byte> payload = data.Payload;
        if (payload.Length == 0)
            return Text($"HD (running total {data.RunningTotal}) carries no record");
        if (payload.Length % RecordSize != 0)
            return Text($"HD payload of {payload.Length} bytes is not a multiple of the record size {RecordSize}");
        int records = payload.Length / RecordSize;
        int total = _records.Count + records;
        if (data.RunningTotal != total)
            return Text($"HD running total {data.RunningTotal} does not match the {total} records received so far");
        if (total > ExpectedRecords)
            return Text($"HD running total {total} exceeds the {ExpectedRecords} records announced by HT");

        for (int i = 0; i < records; i++)
        {
            DateTimeOffset time = FirstRecordTime + (_records.Count * HistoryRecordDecoder.Interval);
            _records.Add(HistoryRecordDecoder.Decode(payload.Slice(i * RecordSize, RecordSize), time));
        }

        Packets++;
        Bytes += data.Raw.Length;
        return null;
    }

    /// <summary>The finished batch; only valid when <see cref="IsComplete"/>.</summary>
    /// <param name="requestTime">The session's HST time.</param>
    public HistoryBatch ToBatch(DateTimeOffset requestTime)
    {
        if (!IsComplete)
            throw new InvalidOperationException($"The batch has {ReceivedRecords} of {ExpectedRecords} records.");
        return new HistoryBatch(Sequence, FirstRecordTime, RecordSize, _records, Packets, Bytes) { RequestTime = requestTime };
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
