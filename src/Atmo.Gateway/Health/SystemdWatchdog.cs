using Atmo.Core;
using Atmo.Core.Operations;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Health;

/// <summary>
/// Feeds the systemd watchdog (<c>WATCHDOG=1</c>) every half period, but only while the daemon
/// makes progress: the store's last real commit succeeded or no commit was due (<see cref="IStoreHealth"/>; no probe
/// file, which would cost the SD card a journal commit every half period) and, when an
/// <see cref="IProgressHeartbeat"/> is registered, its last progress is recent. A stuck daemon
/// stops feeding, and systemd restarts it after <c>WatchdogSec</c>.
/// </summary>
public sealed partial class SystemdWatchdog(
    ISystemdNotifier notifier,
    IMinuteStore store,
    IServiceProvider services,
    TimeProvider timeProvider,
    IOptions<WatchdogOptions> options,
    ILogger<SystemdWatchdog> logger) : BackgroundService
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Period is not { } period || period <= TimeSpan.Zero)
            return;
        IProgressHeartbeat? heartbeat = services.GetService<IProgressHeartbeat>();
        TimeSpan interval = period / 2;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Progressing(heartbeat) is { } stall)
                LogStalled(logger, stall);
            else
                notifier.Notify(Ping);
            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>Null while progressing, else why not.</returns>
    internal string? Progressing(IProgressHeartbeat? heartbeat)
    {
        if (store is IStoreHealth { Condition.Failure: { } failure })
            return "database: " + failure;
        if (heartbeat is null)
            return null;
        if (heartbeat.LastProgress is not { } last)
            return null; // Starting up: TimeoutStartSec covers the first cycle.
        TimeSpan silence = timeProvider.GetUtcNow() - last;
        return silence > heartbeat.MaxSilence
            ? $"no progress for {silence.TotalSeconds:0} s (allowed {heartbeat.MaxSilence.TotalSeconds:0} s)"
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not feeding the systemd watchdog: {Reason}; systemd restarts the service if this lasts")]
    private static partial void LogStalled(ILogger logger, string reason);
}
