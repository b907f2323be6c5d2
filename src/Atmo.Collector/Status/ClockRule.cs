using System.Globalization;
using System.Reflection;
using Atmo.Core;
using Atmo.Core.TimeBase;

namespace Atmo.Collector.Status;

/// <summary>
/// Is the system clock plausible enough to stamp history? The device back-dates every record from the time we
/// send (HST), so a wrong clock would store months of data at wrong times. A Raspberry Pi has no real-time clock and
/// may boot offline with a time in the past: refuse while the clock is earlier than the build of this software, or
/// earlier than the minute of the latest reading this host's clock gave while it was judged sane
/// (<see cref="IClockEvidence"/>, kept in the database). Only the host's own readings count as evidence: no device's
/// time does, so a device (or a spoofer) stamping its minutes ahead cannot make the check fail. The one statement of
/// this rule: the collector applies it before it stores anything (<see cref="ClockGuard"/>), and the <c>clock</c>
/// check of <c>/readyz</c> reports it.
/// </summary>
public static class ClockRule
{
    /// <summary>The build date of this assembly (UTC midnight), the earliest plausible "now".</summary>
    public static DateTimeOffset BuildDate { get; } = ReadBuildDate();

    /// <param name="latestSaneClock">The host clock's latest sane reading (<see cref="IClockEvidence.LatestSaneClock"/>).</param>
    public static ClockSanity Evaluate(DateTimeOffset now, DateTimeOffset? latestSaneClock, DateTimeOffset notBefore)
    {
        if (now < notBefore)
            return new ClockSanity(false,
                $"The system clock says {now:u}, earlier than the build of this software ({notBefore:yyyy-MM-dd}): a clock earlier than this build is wrong. " +
                "History is not downloaded until it is right; enable NTP ('timedatectl set-ntp true') or add a real-time clock.", now);
        // The minute, not the instant: an NTP step of a few seconds back is no reason to stop.
        if (latestSaneClock is { } latest && now < new DateTimeOffset(MinuteTime.Floor(latest), TimeSpan.Zero))
            return new ClockSanity(false,
                $"The system clock says {now:u}, earlier than it already said ({latest:u}): the clock went back. " +
                "History is not downloaded (its times would be wrong) until the clock passes that minute; check NTP ('timedatectl').", now);
        return new ClockSanity(true, null, now);
    }

    private static DateTimeOffset ReadBuildDate()
    {
        string? text = typeof(ClockRule).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BuildDate")?.Value;
        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date)
            ? date
            : new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
