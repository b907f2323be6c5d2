using Atmo.Ble.BlueZ;
using Atmo.Ble.Protocol;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Atmo.Collector.Radio;

/// <summary>
/// Per-device back-off after a failed visit: exponential with jitter, the base delay chosen by what failed
/// (BlueZ busy: seconds; device away: a minute; D-Bus refused us: ten minutes), capped.
/// </summary>
public static class FailureBackoff
{
    /// <summary>The first delay for this kind of failure, before doubling.</summary>
    public static TimeSpan BaseDelay(Exception failure) => failure switch
    {
        BlueZException e => e.Kind switch
        {
            BlueZErrorKind.InProgress => TimeSpan.FromSeconds(2),
            BlueZErrorKind.Failed or BlueZErrorKind.NotConnected or BlueZErrorKind.AlreadyConnected => TimeSpan.FromSeconds(15),
            BlueZErrorKind.Timeout or BlueZErrorKind.ServiceUnknown or BlueZErrorKind.BusUnavailable => TimeSpan.FromSeconds(30),
            BlueZErrorKind.DoesNotExist or BlueZErrorKind.UnknownObject or BlueZErrorKind.NotReady => TimeSpan.FromSeconds(60),
            BlueZErrorKind.AccessDenied or BlueZErrorKind.NotPermitted or BlueZErrorKind.NotSupported or BlueZErrorKind.InvalidArguments => TimeSpan.FromMinutes(10),
            _ => TimeSpan.FromSeconds(30),
        },
        HistorySyncException h => h.Outcome switch
        {
            HistoryOutcome.LinkLost => TimeSpan.FromSeconds(15),
            HistoryOutcome.TimedOut => TimeSpan.FromSeconds(30),
            _ => TimeSpan.FromSeconds(60), // NoReply, Rejected, PersistFailed
        },
        LinkLostException => TimeSpan.FromSeconds(15),
        TimeoutRejectedException => TimeSpan.FromMinutes(5),
        _ => TimeSpan.FromSeconds(60),
    };

    /// <summary>Base × 2^attempt, capped at <paramref name="max"/>, then jittered to 75…125 % (never above max).</summary>
    /// <param name="attempt">0 for the first retry.</param>
    /// <param name="jitter">A number in [0, 1).</param>
    public static TimeSpan Delay(Exception failure, int attempt, TimeSpan max, double jitter)
    {
        double baseTicks = BaseDelay(failure).Ticks;
        double exponential = baseTicks * Math.Pow(2, Math.Clamp(attempt, 0, 20));
        double capped = Math.Min(exponential, max.Ticks);
        double jittered = capped * (0.75 + 0.5 * jitter);
        return TimeSpan.FromTicks((long)Math.Min(jittered, max.Ticks));
    }

    /// <summary>
    /// Retries a device visit forever (until cancelled) with <see cref="Delay"/> between attempts. Cancellation by
    /// the caller ends it.
    /// </summary>
    public static ResiliencePipeline RetryPipeline(TimeProvider time, TimeSpan max, Func<OnRetryArguments<object>, ValueTask> onRetry, Random? random = null)
    {
        random ??= Random.Shared;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                // Everything is retried; a cancelled pipeline (shutdown) stops retrying by itself.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(),
                MaxRetryAttempts = int.MaxValue,
                UseJitter = false,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    Delay(args.Outcome.Exception ?? new InvalidOperationException("failed"), args.AttemptNumber, max, random.NextDouble())),
                OnRetry = onRetry,
            })
            .Build();
    }
}
