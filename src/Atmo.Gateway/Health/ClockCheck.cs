using Atmo.Core;

namespace Atmo.Gateway.Health;

/// <summary>
/// The system clock is plausible: not earlier than the newest stored minute nor than the build.
/// A Pi without a real-time clock may boot offline with a wrong time, and history downloaded then
/// would be back-dated wrongly (design.md, "Bluetooth, the hard part").
/// </summary>
public sealed class ClockCheck(IMinuteStore store, TimeProvider timeProvider) : IReadinessCheck
{
    public string Name => ReadinessChecks.Clock;

    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Check());

    public CheckResult Check()
    {
        DateTime now = timeProvider.GetUtcNow().UtcDateTime;
        if (BuildInfo.BuildDate is { } built && DateOnly.FromDateTime(now) < built)
            return CheckResult.Fail($"the system clock ({now:yyyy-MM-dd HH:mm} UTC) is earlier than this build ({built:yyyy-MM-dd}); set the time (NTP: timedatectl set-ntp true)");
        // The newest minute starts at most a minute before now on a sane clock.
        if (store.NewestMinute() is { } newest && now < newest)
            return CheckResult.Fail($"the system clock ({now:yyyy-MM-dd HH:mm} UTC) is earlier than the newest stored minute ({newest:yyyy-MM-dd HH:mm} UTC); set the time (NTP: timedatectl set-ntp true)");
        return CheckResult.Ok($"{now:yyyy-MM-ddTHH:mm:ss}Z");
    }
}
