using Atmo.Core;

namespace Atmo.Bench.Scale;

/// <summary>
/// The real store, with a note of every history write: how old the oldest new minute of the batch was when it
/// arrived. That age is the sync lag: how far the gateway was behind the device just before this visit.
/// </summary>
internal sealed class LagRecordingStore(IMinuteStore inner, TimeProvider clock) : MinuteStoreDecorator(inner)
{
    private readonly object _sync = new();
    private readonly Dictionary<MacAddress, DateTime> _newestHistory = [];
    private readonly List<LagSample> _samples = [];

    public IReadOnlyList<LagSample> Samples
    {
        get
        {
            lock (_sync)
                return [.. _samples];
        }
    }

    public override WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        WriteResult result = Inner.Write(batch);
        MinuteRecord[] history = [.. batch.Where(r => r.Source == MinuteSource.History)];
        if (history.Length == 0)
            return result;
        DateTimeOffset now = clock.GetUtcNow();
        lock (_sync)
        {
            MacAddress device = history[0].Device;
            DateTime previous = _newestHistory.GetValueOrDefault(device, DateTime.MinValue);
            // Only minutes newer than what this device already delivered: a re-sent batch is not a new lag.
            MinuteRecord[] fresh = [.. history.Where(r => r.Time > previous)];
            if (fresh.Length > 0)
            {
                DateTime oldest = fresh.Min(r => r.Time);
                _newestHistory[device] = fresh.Max(r => r.Time);
                _samples.Add(new LagSample(device, now, now - new DateTimeOffset(oldest, TimeSpan.Zero), fresh.Length));
            }
        }

        return result;
    }
}
