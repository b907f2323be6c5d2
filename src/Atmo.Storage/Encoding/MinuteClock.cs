namespace Atmo.Storage.Encoding;

/// <summary>Minutes and hours counted from the Unix epoch: the keys of the store.</summary>
internal static class MinuteClock
{
    public const int MinutesPerHour = 60;

    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    public static long ToMinute(DateTime utcMinuteStart) => (utcMinuteStart.Ticks - EpochTicks) / TimeSpan.TicksPerMinute;

    /// <summary>The first whole minute at or after <paramref name="time"/> (for range bounds).</summary>
    public static long CeilingMinute(DateTime time)
    {
        DateTime utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        long ticks = utc.Ticks - EpochTicks;
        if (ticks <= 0)
            return 0;
        return (ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute;
    }

    public static DateTime ToTime(long minute) => new(EpochTicks + minute * TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    public static int HourOf(long minute) => (int)(minute / MinutesPerHour);

    public static int SlotOf(long minute) => (int)(minute % MinutesPerHour);

    public static long FirstMinuteOf(int hour) => (long)hour * MinutesPerHour;
}
