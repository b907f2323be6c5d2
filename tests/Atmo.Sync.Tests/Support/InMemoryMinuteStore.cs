using Atmo.Core;

namespace Atmo.Sync.Tests.Support;

/// <summary>
/// The IMinuteStore contract in memory (precedence, idempotence, disagreements), used while the
/// LiteDB store is written on another branch.
/// </summary>
public sealed class InMemoryMinuteStore : IMinuteStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<MacAddress, SortedDictionary<DateTime, MinuteRecord>> _data = [];
    private long _disagreements;

    public int WriteCalls { get; private set; }

    public WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Any(r => !MinuteTime.IsMinuteStart(r.Time)))
            throw new ArgumentException("Records must start on a UTC minute.", nameof(batch));
        lock (_lock)
        {
            WriteCalls++;
            int inserted = 0, replaced = 0, unchanged = 0;
            var disagreements = new List<Disagreement>();
            foreach (MinuteRecord r in batch)
            {
                if (!_data.TryGetValue(r.Device, out SortedDictionary<DateTime, MinuteRecord>? minutes))
                    _data[r.Device] = minutes = [];
                if (!minutes.TryGetValue(r.Time, out MinuteRecord? stored))
                {
                    minutes[r.Time] = r;
                    inserted++;
                }
                else if (stored.HasSameValues(r) && stored.Source == r.Source)
                {
                    unchanged++;
                }
                else if (stored.Source == MinuteSource.Live && (r.Source.IsDeviceAverage() || r.Source == MinuteSource.Live))
                {
                    minutes[r.Time] = r;
                    replaced++;
                }
                else
                {
                    unchanged++;
                    if (r.Source.IsDeviceAverage() && !stored.HasSameValues(r))
                    {
                        disagreements.Add(new Disagreement(stored, r));
                        _disagreements++;
                    }
                }
            }
            return new WriteResult(inserted, replaced, unchanged, 0, disagreements);
        }
    }

    public MinutePage Query(MinuteQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            List<MinuteRecord> all = _data.TryGetValue(query.Device, out var m)
                ? [.. m.Values.Where(r => r.Time >= query.From && r.Time < query.To)]
                : [];
            if (query.Order == SortOrder.Descending)
                all.Reverse();
            return new MinutePage(all.Count, [.. all.Skip(query.Offset).Take(query.Limit ?? int.MaxValue)]);
        }
    }

    public IReadOnlyList<DateTime> StoredMinutes(MacAddress device, DateTime from, DateTime to)
    {
        lock (_lock)
            return _data.TryGetValue(device, out var m) ? [.. m.Keys.Where(t => t >= from && t < to)] : [];
    }

    public IReadOnlyList<MacAddress> Devices()
    {
        lock (_lock)
            return [.. _data.Where(d => d.Value.Count > 0).Select(d => d.Key).Order()];
    }

    public DeviceStats GetStats(MacAddress device)
    {
        lock (_lock)
        {
            if (!_data.TryGetValue(device, out var m) || m.Count == 0)
                return new DeviceStats(device, null, null, 0, 0, 0, _disagreements);
            return new DeviceStats(device, m.Keys.First(), m.Keys.Last(),
                m.Values.Count(r => r.Source == MinuteSource.Live), m.Values.Count(r => r.Source == MinuteSource.History),
                m.Values.Count(r => r.Source == MinuteSource.Cloud), _disagreements);
        }
    }

    public DateTime? NewestMinute()
    {
        lock (_lock)
            return _data.Values.Where(m => m.Count > 0).Select(m => (DateTime?)m.Keys.Last()).Max();
    }

    public long DeleteOlderThan(DateTime cutoff) => throw new NotSupportedException();
}
