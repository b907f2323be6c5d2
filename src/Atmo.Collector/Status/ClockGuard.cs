using Atmo.Core.TimeBase;

namespace Atmo.Collector.Status;

/// <summary>
/// <see cref="ClockRule"/> for this collector: against the clock evidence (the host's own latest sane reading, never a
/// device's time) and its configured floor (<c>ClockNotBefore</c>, else the build date). A sane verdict advances the
/// evidence; every verdict goes to <see cref="ICollectorStatus.Clock"/>.
/// </summary>
internal sealed class ClockGuard(IClockEvidence evidence, CollectorStatus status, DateTimeOffset notBefore)
{
    public ClockSanity Check(DateTimeOffset now)
    {
        ClockSanity clock = ClockRule.Evaluate(now, evidence.LatestSaneClock, notBefore);
        if (clock.Sane)
            evidence.ObserveSaneClock(now);
        status.SetClock(clock);
        return clock;
    }
}
