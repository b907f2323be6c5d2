using System.Net;

namespace Atmo.Sync.Api;

/// <summary>A failure worth retrying: 5xx, 408, a timeout or a network error.</summary>
public sealed class CloudTransientException(string message, HttpStatusCode? status = null, Exception? inner = null)
    : CloudSyncException(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}
