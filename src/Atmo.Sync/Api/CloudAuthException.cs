namespace Atmo.Sync.Api;

/// <summary>HTTP 401/403: the key is wrong or revoked. Sync cannot work until the configuration changes.</summary>
public sealed class CloudAuthException(string message) : CloudSyncException(message);
