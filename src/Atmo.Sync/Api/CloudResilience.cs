using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Atmo.Sync.Api;

/// <summary>
/// The Polly v8 pipeline around one cloud request: retry with jittered exponential back-off for
/// 5xx, timeouts and network errors, then a circuit breaker so an offline gateway stops trying,
/// and a timeout per attempt. All delays run on the <see cref="TimeProvider"/>. 429 is not handled
/// here (the client waits for Retry-After and the rate limiter); format errors are not retried.
/// </summary>
public sealed partial class CloudResilience
{
    /// <summary>Retries after the first attempt.</summary>
    public const int MaxRetryAttempts = 3;

    /// <summary>First back-off delay; the next ones double, with jitter.</summary>
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(2);

    /// <summary>How long the breaker stays open before one trial request may close it.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromMinutes(1);

    private readonly CircuitBreakerStateProvider _state = new();

    public CloudResilience(CloudOptions options, TimeProvider timeProvider, ILogger<CloudResilience> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var transient = new PredicateBuilder()
            .Handle<CloudTransientException>()
            .Handle<TimeoutRejectedException>();

        Retry = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = RetryBaseDelay,
                OnRetry = args =>
                {
                    LogRetry(logger, args.Outcome.Exception?.Message, args.AttemptNumber + 1, MaxRetryAttempts, args.RetryDelay.TotalSeconds);
                    return default;
                },
            })
            .Build();

        Attempt = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromMinutes(2),
                BreakDuration = BreakDuration,
                StateProvider = _state,
                OnOpened = args =>
                {
                    LogCircuitOpened(logger, args.Outcome.Exception?.Message, args.BreakDuration.TotalSeconds);
                    return default;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(logger);
                    return default;
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(options.RequestTimeoutSeconds))
            .Build();
    }

    /// <summary>Outer: retries a whole attempt (rate-limiter wait included) on transient failures.</summary>
    public ResiliencePipeline Retry { get; }

    /// <summary>
    /// Inner, around the HTTP exchange only: circuit breaker, then the per-attempt timeout (so waiting
    /// for the rate limiter never counts as a timeout or a failure).
    /// </summary>
    public ResiliencePipeline Attempt { get; }

    /// <summary>Closed, Open, HalfOpen or Isolated.</summary>
    public CircuitState CircuitState => _state.CircuitState;

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud request failed ({Reason}); retry {Attempt} of {Max} in {Delay:0.0} s.")]
    private static partial void LogRetry(ILogger logger, string? reason, int attempt, int max, double delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Atmotube Cloud looks unreachable ({Reason}); pausing cloud requests for {Seconds:0} s.")]
    private static partial void LogCircuitOpened(ILogger logger, string? reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Atmotube Cloud answers again; cloud requests resume.")]
    private static partial void LogCircuitClosed(ILogger logger);
}
