namespace Atmo.Core.TimeBase;

/// <summary>
/// The trustworthy evidence for the clock check: the latest time this host's own clock showed while it was judged
/// sane, kept across restarts. Never a device's time: a device (or a spoofer) stamping its minutes ahead cannot move it.
/// </summary>
public interface IClockEvidence
{
    /// <summary>The latest sane reading of the host clock, or null when none was recorded yet.</summary>
    DateTimeOffset? LatestSaneClock { get; }

    /// <summary>Records a reading judged sane (kept if later than what is held; written to disk at most every few minutes).</summary>
    void ObserveSaneClock(DateTimeOffset now);
}
