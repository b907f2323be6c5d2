using LiteDB;

namespace Atmo.Storage;

/// <summary>Opens the database file, with the checks that turn obscure failures into clear messages.</summary>
internal static class StoreFile
{
    /// <summary>
    /// Creates the folder and takes the exclusive lock file (<c>name.lock</c>), held for the store's lifetime:
    /// LiteDB's own file sharing does not stop a second process on Linux (both take shared locks).
    /// </summary>
    public static FileStream AcquireLock(string fullPath)
    {
        string folder = Path.GetDirectoryName(fullPath)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageOpenException($"Cannot create the storage folder '{folder}': {e.Message} Check Storage:Path and the folder's owner and permissions.", e);
        }

        string lockPath = fullPath + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StorageOpenException($"Cannot open the database '{fullPath}': permission denied on '{lockPath}'. The service user needs read and write access to the folder '{folder}'.", e);
        }
        catch (IOException e)
        {
            throw new StorageOpenException($"Cannot open the database '{fullPath}': it is in use by another process (lock file '{lockPath}'). Stop the other atmo-edge instance (for a copy while it runs: atmo-edge backup FILE) or point Storage:Path elsewhere.", e);
        }
    }

    /// <summary>Opens <paramref name="fullPath"/> in LiteDB direct mode; the caller holds the lock file.</summary>
    public static LiteDatabase OpenDatabase(string fullPath, bool readOnly = false)
    {
        try
        {
            var database = new LiteDatabase(new ConnectionString
            {
                Filename = fullPath,
                Connection = ConnectionType.Direct,
                ReadOnly = readOnly,
            });
            if (!readOnly && !database.UtcDate)
                database.UtcDate = true;
            return database;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LiteException)
        {
            string reason = e switch
            {
                UnauthorizedAccessException => "permission denied; the service user needs read and write access to the file and its folder",
                LiteException => $"it is not a readable LiteDB database ({e.Message})",
                _ => e.Message,
            };
            throw new StorageOpenException($"Cannot open the database '{fullPath}': {reason}", e);
        }
    }
}
