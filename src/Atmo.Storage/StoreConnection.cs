using LiteDB;

namespace Atmo.Storage;

/// <summary>
/// One open LiteDB engine on the store's file, with the fsync that makes its commits durable. After a
/// failed commit the store throws the connection away and opens a new one (LiteDB 5.0.21 keeps a failed
/// transaction, and its write lock, attached to the thread that ran it).
/// </summary>
internal sealed class StoreConnection : IDisposable
{
    private StoreConnection(LiteDatabase database, string fullPath, CommitDurability durability, bool readOnly)
    {
        Database = database;
        ReadOnly = readOnly;
        Sync = new CommitSync(database, fullPath, durability);
    }

    public LiteDatabase Database { get; }

    /// <summary>Opened read-only, because the file could not be opened for writing (a read-only remount): reads are served, writes fail.</summary>
    public bool ReadOnly { get; }

    public CommitSync Sync { get; }

    public ILiteCollection<BsonDocument> Minutes => Database.GetCollection(StoreSchema.Minutes);

    public ILiteCollection<BsonDocument> Devices => Database.GetCollection(StoreSchema.Devices);

    public ILiteCollection<BsonDocument> Cursors => Database.GetCollection(StoreSchema.Cursors);

    public static StoreConnection Open(string fullPath, CommitDurability durability, bool readOnly = false) =>
        new(StoreFile.OpenDatabase(fullPath, readOnly), fullPath, durability, readOnly);

    /// <summary>Whether the file holds a collection named <paramref name="name"/> (reading it would not create it).</summary>
    public bool Has(string name) => Database.CollectionExists(name);

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns, rolled back when it throws.</summary>
    public void InTransaction(Action work)
    {
        Database.BeginTrans();
        try
        {
            work();
            Database.Commit();
        }
        catch
        {
            RollbackQuietly();
            throw;
        }
    }

    /// <summary>Closes the engine after a failure: what it throws then (a checkpoint that hits the same full disk) is not news.</summary>
    public void DisposeQuietly()
    {
        try
        {
            FailedTransactions.Release(Database);
            Database.Dispose();
        }
        catch (Exception e) when (e is IOException or LiteException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    public void Dispose() => Database.Dispose();

    private void RollbackQuietly()
    {
        try
        {
            Database.Rollback();
        }
        catch (Exception e) when (e is IOException or LiteException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The rollback hits the same failure (it writes too); the store reopens the file anyway.
        }
    }
}
