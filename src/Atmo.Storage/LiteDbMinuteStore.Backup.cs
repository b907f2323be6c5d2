using Atmo.Storage.Backup;
using LiteDB;

namespace Atmo.Storage;

public sealed partial class LiteDbMinuteStore
{
    /// <summary>
    /// Hands every collection, its indexes and its documents to <paramref name="sink"/>, as of one commit. One LiteDB
    /// read transaction: its snapshots of all collections are taken under the write lock (LiteDB takes a
    /// collection's snapshot when the transaction first reads it), then read while writes go on.
    /// Runs on the calling thread (LiteDB transactions belong to a thread).
    /// </summary>
    internal void ReadSnapshot(ISnapshotSink sink, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        _gate.EnterReadLock();
        try
        {
            StoreConnection connection = _connection ?? throw Unavailable();
            LiteDatabase database = connection.Database;
            List<string> collections;
            List<BsonDocument> indexes;
            lock (_writeLock)
            {
                database.BeginTrans();
                connection.Sync.SnapshotOpen = true;
                collections = [.. database.GetCollectionNames().Order(StringComparer.Ordinal)];
                foreach (string name in collections)
                    _ = database.GetCollection(name).Query().Limit(1).ToList();
                indexes = [.. database.GetCollection("$indexes").FindAll()];
            }

            try
            {
                foreach (string name in collections)
                {
                    sink.Collection(name);
                    foreach (BsonDocument index in indexes.Where(index => index["collection"].AsString == name && index["name"].AsString != "_id"))
                        sink.Index(name, index["name"].AsString, index["expression"].AsString, index["unique"].AsBoolean);
                    foreach (BsonDocument document in database.GetCollection(name).FindAll())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        sink.Document(document);
                    }
                }
            }
            finally
            {
                connection.Sync.SnapshotOpen = false;
                database.Rollback();
            }
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }
}
