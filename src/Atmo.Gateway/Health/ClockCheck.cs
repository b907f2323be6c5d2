using Atmo.Collector.Status;
using Atmo.Core.TimeBase;
using Atmo.Core.Operations;

namespace Atmo.Gateway.Health;

/// <summary>
/// The "clock" check of <c>/readyz</c>: the collector's <see cref="ClockRule"/> (not earlier than this host's latest
/// sane clock reading, <see cref="IClockEvidence"/>, nor than the build; never a device's time). A Pi without a real-time clock may boot offline with a wrong time, and history
/// downloaded then would be back-dated wrongly (design.md, "Bluetooth, the hard part").
/// </summary>
public sealed class ClockCheck(IClockEvidence evidence, TimeProvider timeProvider) : IReadinessCheck
{
    public string Name => ReadinessChecks.Clock;

    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Check());

    public CheckResult Check()
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        ClockSanity clock = ClockRule.Evaluate(now, evidence.LatestSaneClock, ClockRule.BuildDate);
        if (clock.Sane)
            evidence.ObserveSaneClock(now);
        return clock.Sane ? CheckResult.Ok($"{now:yyyy-MM-ddTHH:mm:ss}Z") : CheckResult.Fail(clock.Reason!);
    }
}
