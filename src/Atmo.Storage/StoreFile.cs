using LiteDB;

namespace Atmo.Storage;

/// <summary>Opens the database file, with the checks that turn obscure failures into clear messages.</summary>
internal static class StoreFile
{
    /// <summary>
    /// Opens <paramref name="fullPath"/> in LiteDB direct mode. LiteDB's own file sharing does not
    /// stop a second process on Linux (both take shared locks), so an exclusive lock file
    /// (<c>name.lock</c>) held for the store's lifetime guards the database.
    /// </summary>
    public static (FileStream ProcessLock, LiteDatabase Database) Open(string fullPath)
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

        FileStream processLock;
        string lockPath = fullPath + ".lock";
        try
        {
            processLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StorageOpenException($"Cannot open the database '{fullPath}': permission denied on '{lockPath}'. The service user needs read and write access to the folder '{folder}'.", e);
        }
        catch (IOException e)
        {
            throw new StorageOpenException($"Cannot open the database '{fullPath}': it is in use by another process (lock file '{lockPath}'). Stop the other atmo-edge instance or point Storage:Path elsewhere.", e);
        }

        try
        {
            var database = new LiteDatabase(new ConnectionString
            {
                Filename = fullPath,
                Connection = ConnectionType.Direct,
            });
            if (!database.UtcDate)
                database.UtcDate = true;
            return (processLock, database);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LiteException)
        {
            processLock.Dispose();
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
