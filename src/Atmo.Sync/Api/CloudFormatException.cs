namespace Atmo.Sync.Api;

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
