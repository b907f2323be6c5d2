using Atmo.Core;

namespace Atmo.Gateway.Tests.TestSupport;

/// <summary>
/// A test double with the query semantics of <see cref="IMinuteStore"/>: device and [From, To),
/// ordered by time, total before offset/limit. Counts every mutating call so tests can prove a
/// request changed nothing. (The real LiteDB store replaces it once it lands.)
/// </summary>
public sealed class InMemoryMinuteStore : IMinuteStore
{
    private readonly List<MinuteRecord> _records = [];
    private int _mutations;

    public InMemoryMinuteStore(IEnumerable<MinuteRecord>? records = null)
    {
        if (records is not null)
            _records.AddRange(records);
    }

    /// <summary>Calls of <see cref="Write"/> and <see cref="DeleteOlderThan"/>.</summary>
    public int Mutations => Volatile.Read(ref _mutations);

    public List<DateTime> DeleteCalls { get; } = [];

    /// <summary>When set, every call throws it.</summary>
    public Exception? Failure { get; set; }

    public WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        Interlocked.Increment(ref _mutations);
        ThrowIfFailing();
        lock (_records)
            _records.AddRange(batch);
        return new WriteResult(batch.Count, 0, 0, 0, []);
    }

    public MinutePage Query(MinuteQuery query)
    {
        ThrowIfFailing();
        lock (_records)
        {
            var matching = _records
                .Where(r => r.Device == query.Device && r.Time >= query.From && r.Time < query.To);
            var ordered = (query.Order == SortOrder.Ascending
                ? matching.OrderBy(r => r.Time)
                : matching.OrderByDescending(r => r.Time)).ToList();
            IEnumerable<MinuteRecord> page = ordered.Skip(query.Offset);
            if (query.Limit is { } limit)
                page = page.Take(limit);
            return new MinutePage(ordered.Count, page.ToList());
        }
    }

    public MinuteStream StreamQuery(MinuteQuery query) => MinuteStream.Of(Query(query));

    public IReadOnlyList<DateTime> StoredMinutes(MacAddress device, DateTime from, DateTime to)
    {
        lock (_records)
            return _records.Where(r => r.Device == device && r.Time >= from && r.Time < to).Select(r => r.Time).Order().ToList();
    }

    public IReadOnlyList<MacAddress> Devices()
    {
        lock (_records)
            return _records.Select(r => r.Device).Distinct().Order().ToList();
    }

    public DeviceStats GetStats(MacAddress device) => throw new NotSupportedException("not needed by the gateway tests");

    public DateTime? NewestMinute()
    {
        lock (_records)
            return _records.Count == 0 ? null : _records.Max(r => r.Time);
    }

    public long DeleteOlderThan(DateTime cutoff)
    {
        Interlocked.Increment(ref _mutations);
        lock (_records)
            DeleteCalls.Add(cutoff);
        ThrowIfFailing();
        lock (_records)
            return _records.RemoveAll(r => r.Time < cutoff);
    }

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
            throw failure;
    }
}
