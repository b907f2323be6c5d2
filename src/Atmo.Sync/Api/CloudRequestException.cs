using System.Net;

namespace Atmo.Sync.Api;

/// <summary>Another 4xx: the request was refused (a contract mismatch, not worth retrying as is).</summary>
public sealed class CloudRequestException(string message, HttpStatusCode status) : CloudSyncException(message)
{
    public HttpStatusCode Status { get; } = status;
}
