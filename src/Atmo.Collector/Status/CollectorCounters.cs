namespace Atmo.Collector.Status;

public sealed record CollectorCounters(
    long Advertisements,
    long LiveMinutesWritten,
    long LiveMinutesDiscarded,
    long HistoryBatchesStored,
    long HistoryRecordsStored,
    long HistorySessions,
    long HistoryFailures,
    long WatchdogActions,
    long GattReads);
