using Atmo.Core;

namespace Atmo.Collector.Live;

/// <summary>
/// Closed live minutes that are not stored yet, per device in time order: the device's history (downloaded hourly,
/// it outranks live) usually replaces them before they are due, so they cost the SD card nothing. The API serves
/// them from here meanwhile (<see cref="IUnstoredMinutes"/>). Holds at most <see cref="Limit"/> minutes. Thread-safe.
/// </summary>
public sealed class UnstoredLiveMinutes(int limit) : IUnstoredMinutes
{
    private readonly Lock _sync = new();
    private readonly Dictionary<MacAddress, SortedList<DateTime, MinuteRecord>> _byDevice = [];
    private int _count;

    /// <summary>The most minutes held (all devices); see <c>Ble:UnstoredLiveLimit</c>.</summary>
    public int Limit { get; } = limit;

    public int Count
    {
        get
        {
            lock (_sync)
                return _count;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<MinuteRecord> Find(MacAddress device, DateTime from, DateTime to)
    {
        lock (_sync)
        {
            if (!_byDevice.TryGetValue(device, out SortedList<DateTime, MinuteRecord>? minutes))
                return [];
            return [.. minutes.Values.Where(minute => minute.Time >= from && minute.Time < to)];
        }
    }

    /// <summary>The newest unstored minute of <paramref name="device"/>, or null.</summary>
    public DateTime? Newest(MacAddress device)
    {
        lock (_sync)
            return _byDevice.TryGetValue(device, out SortedList<DateTime, MinuteRecord>? minutes) && minutes.Count > 0 ? minutes.Keys[^1] : null;
    }

    /// <summary>The oldest unstored minute of any device, or null.</summary>
    public DateTime? Oldest()
    {
        lock (_sync)
            return _byDevice.Values.Where(minutes => minutes.Count > 0).Select(minutes => (DateTime?)minutes.Keys[0]).Min();
    }

    /// <summary>Every unstored minute, as one batch.</summary>
    public List<MinuteRecord> All()
    {
        lock (_sync)
            return [.. _byDevice.Values.SelectMany(minutes => minutes.Values)];
    }

    /// <summary>Holds closed minutes (a minute held already is replaced: live replaces live).</summary>
    public void Add(IEnumerable<MinuteRecord> closed)
    {
        lock (_sync)
        {
            foreach (MinuteRecord minute in closed)
            {
                if (!_byDevice.TryGetValue(minute.Device, out SortedList<DateTime, MinuteRecord>? minutes))
                    _byDevice[minute.Device] = minutes = [];
                if (!minutes.ContainsKey(minute.Time))
                    _count++;
                minutes[minute.Time] = minute;
            }
        }
    }

    /// <summary>These minutes were stored: forget them (unless a newer record of the minute came meanwhile).</summary>
    public void Stored(IEnumerable<MinuteRecord> written)
    {
        lock (_sync)
        {
            foreach (MinuteRecord minute in written)
            {
                if (_byDevice.TryGetValue(minute.Device, out SortedList<DateTime, MinuteRecord>? minutes)
                    && minutes.TryGetValue(minute.Time, out MinuteRecord? held) && ReferenceEquals(held, minute))
                    Remove(minutes, minute.Time);
            }
        }
    }

    /// <summary>The device's history for these minutes is stored: it outranks the live records, which are no longer needed.</summary>
    public void Superseded(MacAddress device, IEnumerable<DateTime> times)
    {
        lock (_sync)
        {
            if (!_byDevice.TryGetValue(device, out SortedList<DateTime, MinuteRecord>? minutes))
                return;
            foreach (DateTime time in times)
                Remove(minutes, time);
        }
    }

    /// <summary>Forgets the oldest minutes beyond <see cref="Limit"/> (while they cannot be written); returns how many.</summary>
    public int DropBeyondLimit()
    {
        lock (_sync)
        {
            int dropped = 0;
            while (_count > Limit)
            {
                SortedList<DateTime, MinuteRecord> oldest = _byDevice.Values.Where(minutes => minutes.Count > 0).MinBy(minutes => minutes.Keys[0])!;
                Remove(oldest, oldest.Keys[0]);
                dropped++;
            }

            return dropped;
        }
    }

    private void Remove(SortedList<DateTime, MinuteRecord> minutes, DateTime time)
    {
        if (minutes.Remove(time))
            _count--;
    }
}
