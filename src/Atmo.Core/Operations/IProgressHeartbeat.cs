namespace Atmo.Core.Operations;

/// <summary>
/// Progress of the daemon's main work loop (the Bluetooth collector implements it): the systemd
/// watchdog is fed only while <see cref="LastProgress"/> is recent, so a hung loop gets the
/// service restarted. Register at most one singleton; without one only the database is watched.
/// </summary>
public interface IProgressHeartbeat
{
    /// <summary>When the loop last completed a cycle (UTC, from the shared <see cref="TimeProvider"/>), or null before the first.</summary>
    DateTimeOffset? LastProgress { get; }

    /// <summary>How old <see cref="LastProgress"/> may get before the loop counts as hung.</summary>
    TimeSpan MaxSilence { get; }
}
