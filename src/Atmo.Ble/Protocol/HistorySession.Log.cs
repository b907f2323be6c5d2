using Microsoft.Extensions.Logging;

namespace Atmo.Ble.Protocol;

public sealed partial class HistorySession
{
    [LoggerMessage(Level = LogLevel.Information, Message = "History: requesting with HST, host time {Now:u}")]
    private partial void LogRequesting(DateTimeOffset now);

    [LoggerMessage(Level = LogLevel.Debug, Message = "History: HO reply to HST ({Length} bytes)")]
    private partial void LogReply(int length);

    [LoggerMessage(Level = LogLevel.Debug, Message = "History: ignoring an HO notification outside a batch")]
    private partial void LogIgnoredReply();

    [LoggerMessage(Level = LogLevel.Warning, Message = "History: {Tag} byte 2 is 0x{Value:X2}, 0 in every capture; please report it with a capture (hardware-notes/capture-procedure.md)")]
    private partial void LogReservedByte(string tag, byte value);

    [LoggerMessage(Level = LogLevel.Debug, Message = "History: batch {Sequence} header: first record {First:u}, {Count} records of {Size} bytes")]
    private partial void LogHeader(int sequence, DateTimeOffset first, int count, int size);

    [LoggerMessage(Level = LogLevel.Information, Message = "History: HT announces 0 records: the device has no history to send; acknowledged")]
    private partial void LogEmptyHeader();

    [LoggerMessage(Level = LogLevel.Warning, Message = "History: record size {Size}, 16 in every capture; decoding the 14 known bytes and skipping the rest")]
    private partial void LogUnusualRecordSize(int size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History: ignoring an unknown notification outside a batch ({Packet})")]
    private partial void LogUnknownPacket(string packet);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History: storing batch {Sequence} took {Seconds:0.0} s; the device waits only about 5 s for HOK and may send the batch again")]
    private partial void LogSlowPersist(int sequence, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "History: storing batch {Sequence} failed; it was not acknowledged and stays on the device")]
    private partial void LogPersistFailed(Exception exception, int sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "History: observe-only mode stored batch {Sequence} ({Records} records) without acknowledging it; the device keeps it and would only re-send it, so the session ends here")]
    private partial void LogObserveOnly(int sequence, int records);

    [LoggerMessage(Level = LogLevel.Debug, Message = "History: batch {Sequence} ({Records} records) stored in {Milliseconds:0} ms and acknowledged")]
    private partial void LogAcknowledged(int sequence, int records, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History: writing {Command} failed")]
    private partial void LogWriteFailed(Exception exception, string command);

    [LoggerMessage(Level = LogLevel.Information, Message = "History: no reply to HST within {Seconds:0.#} s; the device may be busy with another client or have nothing to say")]
    private partial void LogNoReply(double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "History: complete after silence: {Batches} batches, {Records} records in {Seconds:0.0} s")]
    private partial void LogCompleted(int batches, int records, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "History: complete: {Batches} batches, {Records} records in {Seconds:0.0} s; the last batch reached the newest record (HST − 60 s)")]
    private partial void LogCompletedAtNewestRecord(int batches, int records, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History: stopped ({Outcome}): {Problem}")]
    private partial void LogStopped(HistoryOutcome outcome, string problem);
}
