using Atmo.Core;

namespace Atmo.Gateway.Tests.TestSupport;

/// <summary>
/// Wraps the store the gateway under test uses (in-memory or the real LiteDB one) and records what
/// the gateway asked of it, so tests can prove a request queried once and changed nothing.
/// </summary>
public sealed class RecordingMinuteStore(IMinuteStore inner) : IMinuteStore
{
    private int _mutations;
    private int _queries;
    private readonly List<MinuteQuery> _queryLog = [];

    public IMinuteStore Inner => inner;

    /// <summary>Calls of <see cref="Write"/> and <see cref="DeleteOlderThan"/> made through the gateway.</summary>
    public int Mutations => Volatile.Read(ref _mutations);

    public int Queries => Volatile.Read(ref _queries);

    public IReadOnlyList<MinuteQuery> QueryLog
    {
        get
        {
            lock (_queryLog)
                return [.. _queryLog];
        }
    }

    public MinutePage Query(MinuteQuery query)
    {
        Interlocked.Increment(ref _queries);
        lock (_queryLog)
            _queryLog.Add(query);
        return inner.Query(query);
    }

    public WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        Interlocked.Increment(ref _mutations);
        return inner.Write(batch);
    }

    public long DeleteOlderThan(DateTime cutoff)
    {
        Interlocked.Increment(ref _mutations);
        return inner.DeleteOlderThan(cutoff);
    }

    public IReadOnlyList<DateTime> StoredMinutes(MacAddress device, DateTime from, DateTime to) => inner.StoredMinutes(device, from, to);
    public IReadOnlyList<MacAddress> Devices() => inner.Devices();
    public DeviceStats GetStats(MacAddress device) => inner.GetStats(device);
    public DateTime? NewestMinute() => inner.NewestMinute();
}
