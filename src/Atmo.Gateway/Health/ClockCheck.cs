using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Core.Operations;

namespace Atmo.Gateway.Health;

/// <summary>
/// The "clock" check of <c>/readyz</c>: the collector's <see cref="ClockRule"/> (not earlier than the newest stored
/// minute nor than the build). A Pi without a real-time clock may boot offline with a wrong time, and history
/// downloaded then would be back-dated wrongly (design.md, "Bluetooth, the hard part").
/// </summary>
public sealed class ClockCheck(IMinuteStore store, TimeProvider timeProvider) : IReadinessCheck
{
    public string Name => ReadinessChecks.Clock;

    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Check());

    public CheckResult Check()
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        ClockSanity clock = ClockRule.Evaluate(now, store.NewestMinute(), ClockRule.BuildDate);
        return clock.Sane ? CheckResult.Ok($"{now:yyyy-MM-ddTHH:mm:ss}Z") : CheckResult.Fail(clock.Reason!);
    }
}
