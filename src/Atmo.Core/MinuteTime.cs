namespace Atmo.Core;

/// <summary>Helpers for the one-record-per-UTC-minute rule.</summary>
public static class MinuteTime
{
    /// <summary>The start of the UTC minute that contains <paramref name="time"/>.</summary>
    public static DateTime Floor(DateTime time)
    {
        DateTime utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
    }

    public static DateTime Floor(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    /// <summary>The start of the UTC minute after the one that contains <paramref name="time"/>.</summary>
    public static DateTime NextMinuteStart(DateTimeOffset time) => Floor(time).AddMinutes(1);

    public static bool IsMinuteStart(DateTime time) =>
        time.Kind == DateTimeKind.Utc && time.Ticks % TimeSpan.TicksPerMinute == 0;
}
