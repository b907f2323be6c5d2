using Atmo.Core;

namespace Atmo.Collector.Status;

/// <summary>
/// <see cref="ClockRule"/> for this collector: against the newest minute in its store and its configured floor
/// (<c>ClockNotBefore</c>, else the build date). Every verdict goes to <see cref="ICollectorStatus.Clock"/>.
/// </summary>
internal sealed class ClockGuard(IMinuteStore store, CollectorStatus status, DateTimeOffset notBefore)
{
    public ClockSanity Check(DateTimeOffset now)
    {
        ClockSanity clock = ClockRule.Evaluate(now, store.NewestMinute(), notBefore);
        status.SetClock(clock);
        return clock;
    }
}
