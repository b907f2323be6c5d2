using System.Net;

namespace Atmo.Sync.Api;

/// <summary>Base of every typed error of the cloud client and the importer. Messages never hold the API key.</summary>
public abstract class CloudSyncException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A body or file that is not the contract's shape: not JSON, truncated, HTML, an unexpected
/// envelope, a record of the wrong type. Nothing of it is stored.
/// </summary>
public sealed class CloudFormatException : CloudSyncException
{
    public CloudFormatException(string message, string? location = null, Exception? inner = null)
        : base(location is null ? message : $"{location}: {message}", inner)
    {
        Location = location;
    }

    private CloudFormatException(string fullMessage, string? location, Exception? inner, bool _)
        : base(fullMessage, inner)
    {
        Location = location;
    }

    /// <summary>Where the problem is: "record 12" (0-based index in items), "line 7" (1-based), or null for the whole body.</summary>
    public string? Location { get; }

    /// <summary>The same error with a prefix (a file name, a request) before its message.</summary>
    public CloudFormatException WithPrefix(string prefix) => new($"{prefix}: {Message}", Location, this, true);
}

/// <summary>A failure worth retrying: 5xx, 408, a timeout or a network error.</summary>
public sealed class CloudTransientException(string message, HttpStatusCode? status = null, Exception? inner = null)
    : CloudSyncException(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>HTTP 429: over the per-key rate limit.</summary>
public sealed class CloudRateLimitedException(string message, TimeSpan? retryAfter)
    : CloudSyncException(message)
{
    /// <summary>The service's <c>Retry-After</c>, or null when it sent none.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>HTTP 401/403: the key is wrong or revoked. Sync cannot work until the configuration changes.</summary>
public sealed class CloudAuthException(string message) : CloudSyncException(message);

/// <summary>Another 4xx: the request was refused (a contract mismatch, not worth retrying as is).</summary>
public sealed class CloudRequestException(string message, HttpStatusCode status) : CloudSyncException(message)
{
    public HttpStatusCode Status { get; } = status;
}
