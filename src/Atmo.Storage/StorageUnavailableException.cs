namespace Atmo.Storage;

/// <summary>The database file cannot be opened at the moment (after a failure the store keeps retrying); the message says why.</summary>
public sealed class StorageUnavailableException : IOException
{
    public StorageUnavailableException(string message, Exception? inner = null) : base(message, inner) { }

    public StorageUnavailableException() { }

    public StorageUnavailableException(string message) : base(message) { }
}
