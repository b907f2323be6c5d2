using Atmo.Core;

namespace Atmo.Gateway.Tests.TestSupport;

/// <summary>
/// Wraps the store the gateway under test uses (in-memory or the real LiteDB one) and records what
/// the gateway asked of it, so tests can prove a request queried once and changed nothing.
/// </summary>
public sealed class RecordingMinuteStore(IMinuteStore inner) : MinuteStoreDecorator(inner)
{
    private int _mutations;
    private int _queries;
    private readonly List<MinuteQuery> _queryLog = [];

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

    public override MinutePage Query(MinuteQuery query)
    {
        Note(query);
        return Inner.Query(query);
    }

    public override MinuteStream StreamQuery(MinuteQuery query)
    {
        Note(query);
        return Inner.StreamQuery(query);
    }

    private void Note(MinuteQuery query)
    {
        Interlocked.Increment(ref _queries);
        lock (_queryLog)
            _queryLog.Add(query);
    }

    public override WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        Interlocked.Increment(ref _mutations);
        return Inner.Write(batch);
    }

    public override long DeleteOlderThan(DateTime cutoff)
    {
        Interlocked.Increment(ref _mutations);
        return Inner.DeleteOlderThan(cutoff);
    }
}
