namespace Atmo.Storage;

/// <summary>A write could not be committed (a full disk, an I/O error, a read-only file system); nothing of it was stored. The message says why.</summary>
public sealed class StorageWriteException : IOException
{
    public StorageWriteException(string message, Exception? inner = null) : base(message, inner) { }

    public StorageWriteException() { }

    public StorageWriteException(string message) : base(message) { }
}
