namespace Atmo.Sync.Api;

/// <summary>Base of every typed error of the cloud client and the importer. Messages never hold the API key.</summary>
public abstract class CloudSyncException(string message, Exception? inner = null) : Exception(message, inner);
