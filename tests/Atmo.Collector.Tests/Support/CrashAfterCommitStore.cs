using Atmo.Core;

namespace Atmo.Collector.Tests.Support;

/// <summary>
/// The real store, but the process "dies" right after the Nth history batch is committed: the write is durable,
/// the caller never hears back (it gets an exception), so the batch is never acknowledged.
/// </summary>
internal sealed class CrashAfterCommitStore(IMinuteStore inner, int crashAfterBatch) : IMinuteStore
{
    private int _historyBatches;

    public TaskCompletionSource<IReadOnlyCollection<MinuteRecord>> Crashed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        WriteResult result = inner.Write(batch);
        if (batch.Count > 0 && batch.First().Source == MinuteSource.History && Interlocked.Increment(ref _historyBatches) == crashAfterBatch)
        {
            Crashed.TrySetResult(batch);
            throw new IOException("simulated crash right after the commit");
        }

        return result;
    }

    public MinutePage Query(MinuteQuery query) => inner.Query(query);

    public IReadOnlyList<DateTime> StoredMinutes(MacAddress device, DateTime from, DateTime to) => inner.StoredMinutes(device, from, to);

    public IReadOnlyList<MacAddress> Devices() => inner.Devices();

    public DeviceStats GetStats(MacAddress device) => inner.GetStats(device);

    public DateTime? NewestMinute() => inner.NewestMinute();

    public long DeleteOlderThan(DateTime cutoff) => inner.DeleteOlderThan(cutoff);
}
