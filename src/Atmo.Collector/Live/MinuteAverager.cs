using Atmo.Ble.Protocol;
using Atmo.Core;

namespace Atmo.Collector.Live;

/// <summary>
/// Averages live samples per device per UTC minute. A minute is emitted once, when it is closed, and only when it
/// had at least one sample: values are never carried into a minute without observations. Each value is averaged
/// over the samples that carried it (PM comes only in scan responses, VOC only once the sensor warmed up).
/// Not thread-safe: one owner.
/// </summary>
public sealed class MinuteAverager
{
    private readonly Dictionary<(MacAddress Device, DateTime Minute), Accumulator> _open = [];

    /// <summary>Samples that arrived for a minute already closed (late), and were dropped.</summary>
    public long LateSamples { get; private set; }

    /// <summary>Newest minute closed so far; samples for it or earlier are late.</summary>
    public DateTime? ClosedThrough { get; private set; }

    public int OpenMinutes => _open.Count;

    /// <returns>False when the sample's minute is already closed (it is dropped).</returns>
    public bool Add(MacAddress device, DateTimeOffset time, LiveSample values)
    {
        ArgumentNullException.ThrowIfNull(values);
        DateTime minute = MinuteTime.Floor(time);
        if (ClosedThrough is { } closed && minute <= closed)
        {
            LateSamples++;
            return false;
        }

        if (!_open.TryGetValue((device, minute), out Accumulator? accumulator))
            _open[(device, minute)] = accumulator = new Accumulator();
        accumulator.Add(values);
        return true;
    }

    /// <summary>Closes every minute that started before <paramref name="endExclusive"/> and returns their averages.</summary>
    public IReadOnlyList<MinuteRecord> CloseBefore(DateTime endExclusive, Func<MacAddress, MinuteRecord, MinuteRecord>? decorate = null)
    {
        DateTime end = MinuteTime.Floor(endExclusive);
        var closed = new List<MinuteRecord>();
        foreach (var ((device, minute), accumulator) in _open.Where(e => e.Key.Minute < end).ToList())
        {
            _open.Remove((device, minute));
            if (accumulator.ToValues() is not { } values)
                continue;
            var record = values.ToMinuteRecord(device, new DateTimeOffset(minute));
            closed.Add(decorate is null ? record : decorate(device, record));
        }

        DateTime last = end.AddMinutes(-1);
        if (ClosedThrough is null || last > ClosedThrough)
            ClosedThrough = last;
        closed.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Device.CompareTo(b.Device));
        return closed;
    }

    private sealed class Accumulator
    {
        private readonly Mean _voc = new(), _pm1 = new(), _pm25 = new(), _pm10 = new(), _t = new(), _h = new(), _p = new();

        public void Add(LiveSample v)
        {
            _voc.Add(v.Voc);
            _pm1.Add(v.Pm1);
            _pm25.Add(v.Pm25);
            _pm10.Add(v.Pm10);
            _t.Add(v.T);
            _h.Add(v.H);
            _p.Add(v.P);
        }

        /// <summary>Null when no sample carried any value.</summary>
        public LiveSample? ToValues()
        {
            var values = new LiveSample(_voc.Value, _pm1.Value, _pm25.Value, _pm10.Value, _t.Value, _h.Value, _p.Value);
            return values is { Voc: null, Pm1: null, Pm25: null, Pm10: null, T: null, H: null, P: null } ? null : values;
        }
    }

    private sealed class Mean
    {
        private double _sum;
        private int _count;

        public void Add(double? value)
        {
            if (value is not { } v || double.IsNaN(v))
                return;
            _sum += v;
            _count++;
        }

        /// <summary>Rounded to 3 decimals: the store keeps scaled values, and averages of 2-decimal inputs do not need more.</summary>
        public double? Value => _count == 0 ? null : Math.Round(_sum / _count, 3);
    }
}
