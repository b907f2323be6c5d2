using Atmo.Ble.BlueZ;
using Atmo.Collector.Devices;
using Atmo.Collector.Options;
using Atmo.Collector.Radio;
using Atmo.Collector.Status;
using Microsoft.Extensions.Logging;
using Polly;

namespace Atmo.Collector.History;

/// <summary>
/// Decides when one device's history is downloaded: when it is heard for the first time or again after an absence,
/// and every <see cref="HistoryOptions.IntervalMinutes"/> while it stays in range; never while the clock is
/// implausible; after a failure only after its back-off (<see cref="FailureBackoff"/>). The visit itself is
/// <paramref name="visit"/> (a <see cref="HistoryVisitor"/> in the collector).
/// </summary>
internal sealed partial class HistoryWorker(
    TrackedDevice device,
    Func<TrackedDevice, CancellationToken, Task> visit,
    CollectorOptions options,
    ClockGuard clock,
    CollectorStatus status,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Waits until the device is due and present, then visits it, retrying with back-off; until cancelled. Never throws.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ResiliencePipeline retry = FailureBackoff.RetryPipeline(time, options.Ble.MaxBackoff, args =>
        {
            Exception? e = args.Outcome.Exception;
            DateTimeOffset until = time.GetUtcNow() + args.RetryDelay;
            device.Failed();
            LogFailed(device.Label, args.AttemptNumber + 1, e?.Message, e is BlueZException b ? b.Advice : "", args.RetryDelay.TotalSeconds);
            status.UpdateDevice(device.Address, s => s with
            {
                ConsecutiveFailures = args.AttemptNumber + 1,
                BackoffUntil = until,
                LastError = e?.Message,
            });
            return ValueTask.CompletedTask;
        });
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await WaitUntilDueAsync(cancellationToken).ConfigureAwait(false);
                await retry.ExecuteAsync(ct => new ValueTask(VisitIfPresentAsync(ct)), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Never let one device's worker die (e.g. the store failing to answer): log, pause, carry on.
                status.Fail(logger, time.GetUtcNow(), $"History worker of {device.Label}: {e.Message}");
                try
                {
                    await Task.Delay(options.Ble.MaxBackoff, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task WaitUntilDueAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMinutes(options.History.IntervalMinutes);
        while (true)
        {
            DateTimeOffset now = time.GetUtcNow();
            bool present = device.IsPresent(now, options.Ble.AbsenceThreshold);
            DateTimeOffset due = device.SyncRequested || device.LastSync is null ? now : device.LastSync.Value + interval;
            if (present && due <= now)
            {
                ClockSanity sanity = clock.Check(now);
                if (sanity.Sane)
                    return;
                LogClockWait(device.Label, sanity.Reason);
                await Task.Delay(options.Ble.WatchdogInterval, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Absent: wait to be heard again. Present: wait for the interval (or an earlier wake-up).
            TimeSpan wait = present ? due - now : options.Ble.AbsenceThreshold;
            await device.WaitForWakeAsync(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task VisitIfPresentAsync(CancellationToken cancellationToken) =>
        device.IsPresent(time.GetUtcNow(), options.Ble.AbsenceThreshold)
            ? visit(device, cancellationToken)
            : Task.CompletedTask; // Gone while backing off: the worker waits for it to be heard again.

    [LoggerMessage(Level = LogLevel.Warning, Message = "History of {Device} failed (attempt {Attempt}): {Message} {Advice} Next try in {Delay:0} s")]
    private partial void LogFailed(string device, int attempt, string? message, string advice, double delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History of {Device} waits: {Reason}")]
    private partial void LogClockWait(string device, string? reason);
}
