namespace Atmo.Gateway.Health;

/// <summary>The systemd watchdog period, from <c>WATCHDOG_USEC</c> (set by systemd when the unit has <c>WatchdogSec=</c>).</summary>
public sealed class WatchdogOptions
{
    /// <summary>Null (the default): no watchdog, nothing is sent.</summary>
    public TimeSpan? Period { get; set; }

    /// <summary>Reads <c>WATCHDOG_USEC</c> (and honours <c>WATCHDOG_PID</c> when it names another process).</summary>
    public static TimeSpan? PeriodFromEnvironment(string? watchdogUsec, string? watchdogPid, int currentPid)
    {
        if (!long.TryParse(watchdogUsec, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long usec) || usec <= 0)
            return null;
        if (!string.IsNullOrEmpty(watchdogPid) && watchdogPid != currentPid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return null;
        return TimeSpan.FromMicroseconds(usec);
    }
}
