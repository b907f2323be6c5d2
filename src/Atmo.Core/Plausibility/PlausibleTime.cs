namespace Atmo.Core.Plausibility;

/// <summary>
/// The one statement of which minutes may be stored, for every path (live, history, cloud, import): nothing before
/// <see cref="EarliestMinute"/> (no Atmotube that keeps history existed) and nothing later than the current minute plus
/// <see cref="FutureTolerance"/> (a minute no device can have measured yet). Such minutes are refused, never stored,
/// so no device (or spoofer) can move anything that reads the newest stored minute.
/// </summary>
public static class PlausibleTime
{
    /// <summary>No Atmotube that keeps history existed before 2016.</summary>
    public static readonly DateTime EarliestMinute = new(2016, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// One minute: a device back-dates history from the time the host sent (newest record = the minute before),
    /// accurate to about ±60 s (protocol §4.5), and a live minute is the current one.
    /// </summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(1);

    /// <summary>The latest minute start that may be stored at <paramref name="now"/>.</summary>
    public static DateTime LatestMinute(DateTimeOffset now) => MinuteTime.Floor(now) + FutureTolerance;

    public static MinuteTimeVerdict Judge(DateTime minute, DateTimeOffset now) =>
        minute < EarliestMinute ? MinuteTimeVerdict.TooEarly
        : minute > LatestMinute(now) ? MinuteTimeVerdict.TooLate
        : MinuteTimeVerdict.Plausible;

    public static bool IsPlausible(DateTime minute, DateTimeOffset now) => Judge(minute, now) == MinuteTimeVerdict.Plausible;
}
