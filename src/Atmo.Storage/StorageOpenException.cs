namespace Atmo.Storage;

/// <summary>The minute store file could not be opened; the message says why and what to check.</summary>
public sealed class StorageOpenException : IOException
{
    public StorageOpenException(string message, Exception? inner = null) : base(message, inner) { }

    public StorageOpenException() { }

    public StorageOpenException(string message) : base(message) { }
}
