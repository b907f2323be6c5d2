using Atmo.Core;

namespace Atmo.Simulator.Devices;

/// <summary>
/// The unit's cyclic history memory (§4.7): one record per minute of the unit's clock, 14,400 at most,
/// the oldest overwritten first. Thread-safe.
/// </summary>
public sealed class HistoryMemory
{
    /// <summary>256 kB of flash = 10 days of minutes.</summary>
    public const int DefaultCapacity = 14_400;

    private readonly object _sync = new();
    private readonly LinkedList<StoredRecord> _records = new();
    private readonly TimeProvider _clock;
    private readonly int _seed;
    private readonly int _capacity;
    private DateTimeOffset _nextMinute;
    private long _nextId;

    /// <param name="prefill">Records already in memory at start, covering the minutes just before now.</param>
    public HistoryMemory(TimeProvider clock, int seed, int prefill, int capacity = DefaultCapacity)
    {
        _clock = clock;
        _seed = seed;
        _capacity = capacity;
        DateTimeOffset currentMinute = FloorMinute(clock.GetUtcNow());
        // The record for a minute is written when that minute ends.
        _nextMinute = currentMinute.AddMinutes(-Math.Min(prefill, capacity));
        CatchUp();
    }

    public int Capacity => _capacity;

    /// <summary>Every record held, oldest first, after catching up with the clock.</summary>
    public IReadOnlyList<StoredRecord> Records
    {
        get
        {
            lock (_sync)
            {
                CatchUp();
                return [.. _records];
            }
        }
    }

    /// <summary>The unsynced records, oldest first, after catching up with the clock.</summary>
    public IReadOnlyList<StoredRecord> Unsynced()
    {
        lock (_sync)
        {
            CatchUp();
            return _records.Where(r => !r.Synced).ToList();
        }
    }

    /// <summary>Marks records synced (sync-once): they are never sent again.</summary>
    public void MarkSynced(IEnumerable<long> ids)
    {
        var set = ids.ToHashSet();
        lock (_sync)
        {
            for (LinkedListNode<StoredRecord>? node = _records.First; node is not null; node = node.Next)
            {
                if (set.Contains(node.Value.Id))
                    node.Value = node.Value with { Synced = true };
            }
        }
    }

    /// <summary>Appends the records of every minute that ended since the last one.</summary>
    private void CatchUp()
    {
        DateTimeOffset currentMinute = FloorMinute(_clock.GetUtcNow());
        if (currentMinute - _nextMinute > TimeSpan.FromMinutes(_capacity))
            _nextMinute = currentMinute.AddMinutes(-_capacity);
        while (_nextMinute < currentMinute)
        {
            HistoryValues values = ValuesFor(_nextMinute);
            _records.AddLast(new StoredRecord(_nextId++, _nextMinute, values, AtmotubeEncoding.HistoryRecord(values), Synced: false));
            if (_records.Count > _capacity)
                _records.RemoveFirst();
            _nextMinute = _nextMinute.AddMinutes(1);
        }
    }

    /// <summary>Deterministic minute averages: a function of the seed and the minute only.</summary>
    private HistoryValues ValuesFor(DateTimeOffset minute)
    {
        long n = minute.ToUnixTimeSeconds() / 60;
        var random = new Random(HashCode.Combine(_seed, n));
        double day = Math.Sin(n * 2 * Math.PI / 1440);
        // Factory default PM mode is "every 10 min": the PM sensor has values one minute in ten.
        bool pmOn = n % 10 == 0;
        bool tempMissing = random.Next(50) == 0;
        return new HistoryValues(
            TemperatureC: tempMissing ? null : (int)Math.Round(18 + 8 * day + random.NextDouble() * 2 - (n % 97 == 0 ? 30 : 0)),
            HumidityPercent: tempMissing ? null : 40 + (int)(15 * day) + random.Next(5),
            VocPpb: random.Next(40) == 0 ? null : 150 + random.Next(400),
            PressurePa: 100_000 + (int)(800 * day) + random.Next(50),
            Pm1: pmOn ? random.Next(1, 8) : null,
            Pm25: pmOn ? random.Next(8, 15) : null,
            Pm10: pmOn ? random.Next(15, 30) : null);
    }

    private static DateTimeOffset FloorMinute(DateTimeOffset t) => new(MinuteTime.Floor(t));
}
