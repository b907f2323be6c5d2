using Atmo.Core;

namespace Atmo.Collector.Tests.Support;

/// <summary>The real store, noting when each write of live minutes happened (device time) and what it held.</summary>
internal sealed class LiveWriteRecorder(IMinuteStore inner, TimeProvider clock) : MinuteStoreDecorator(inner)
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

    public override WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        WriteResult result = Inner.Write(batch);
        if (batch.Count > 0 && batch.All(r => r.Source == MinuteSource.Live))
        {
            lock (_writes)
                _writes.Add((clock.GetUtcNow(), [.. batch]));
        }

        return result;
    }
}
