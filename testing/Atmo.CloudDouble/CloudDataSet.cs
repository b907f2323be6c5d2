using Atmo.Core;

namespace Atmo.CloudDouble;

/// <summary>The records the double serves, per device and minute (thread-safe).</summary>
public sealed class CloudDataSet
{
    private readonly Lock _lock = new();
    private readonly Dictionary<MacAddress, SortedList<DateTime, MinuteRecord>> _byDevice = [];

    public void Add(IEnumerable<MinuteRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_lock)
        {
            foreach (MinuteRecord record in records)
            {
                if (!_byDevice.TryGetValue(record.Device, out SortedList<DateTime, MinuteRecord>? list))
                    _byDevice[record.Device] = list = [];
                list[record.Time] = record;
            }
        }
    }

    public int Count(MacAddress device)
    {
        lock (_lock)
            return _byDevice.TryGetValue(device, out SortedList<DateTime, MinuteRecord>? list) ? list.Count : 0;
    }

    /// <summary>Records in [from, to), ascending.</summary>
    public List<MinuteRecord> Range(MacAddress device, DateTime from, DateTime to)
    {
        lock (_lock)
        {
            if (!_byDevice.TryGetValue(device, out SortedList<DateTime, MinuteRecord>? list))
                return [];
            return [.. list.Values.Where(r => r.Time >= from && r.Time < to)];
        }
    }
}
