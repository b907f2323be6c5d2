using Atmo.Collector.Options;
using Atmo.Core.Operations;
using Microsoft.Extensions.Options;

namespace Atmo.Collector.Status;

/// <summary>
/// What the systemd watchdog watches: the collector's own loop. Radio silence is not a reason to
/// restart the process (devices leave range; the collector's recovery ladder handles a stuck
/// adapter); a collector whose loop stopped turning is.
/// </summary>
public sealed class CollectorHeartbeat(ICollectorStatus status, IOptions<CollectorOptions> options) : IProgressHeartbeat
{
    public DateTimeOffset? LastProgress =>
        (status.LastWatchdogRound, status.LastProgress) switch
        {
            ({ } round, { } progress) => round > progress ? round : progress,
            (var round, var progress) => round ?? progress,
        };

    /// <summary>Six watchdog rounds, at least five minutes (a round may wait for slow D-Bus calls).</summary>
    public TimeSpan MaxSilence =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(5).Ticks, options.Value.Ble.WatchdogInterval.Ticks * 6));
}
