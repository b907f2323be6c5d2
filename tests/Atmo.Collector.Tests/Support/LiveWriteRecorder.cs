using Atmo.Core;

namespace Atmo.Collector.Tests.Support;

/// <summary>The real store, noting when each write of live minutes happened (device time) and what it held.</summary>
internal sealed class LiveWriteRecorder(IMinuteStore inner, TimeProvider clock) : IMinuteStore
{
    private readonly List<(DateTimeOffset At, IReadOnlyList<MinuteRecord> Records)> _writes = [];

    public IReadOnlyList<(DateTimeOffset At, IReadOnlyList<MinuteRecord> Records)> LiveWrites
    {
        get
        {
            lock (_writes)
                return [.. _writes];
        }
    }

    public WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        WriteResult result = inner.Write(batch);
        if (batch.Count > 0 && batch.All(r => r.Source == MinuteSource.Live))
        {
            lock (_writes)
                _writes.Add((clock.GetUtcNow(), [.. batch]));
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
