namespace Atmo.Sync.Api;

/// <summary>HTTP 429: over the per-key rate limit.</summary>
public sealed class CloudRateLimitedException(string message, TimeSpan? retryAfter)
    : CloudSyncException(message)
{
    /// <summary>The service's <c>Retry-After</c>, or null when it sent none.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
