using LiteDB;

namespace Atmo.Storage.Backup;

/// <summary>
/// Builds a backup as a new database file from a snapshot: written beside the target as <c>name.partial</c>,
/// checkpointed into one file, fsynced, then renamed to the target, so a backup cut short leaves no file that
/// looks complete. Disposing without <see cref="Complete"/> deletes the partial file.
/// </summary>
internal sealed class BackupFile : ISnapshotSink, IDisposable
{
    private const int DocumentsPerTransaction = 2000;

    private readonly string _target;
    private readonly string _partial;
    private readonly LiteDatabase _database;
    private readonly List<BsonDocument> _pending = [];
    private ILiteCollection<BsonDocument>? _collection;
    private string? _collectionName;
    private int _devices;
    private long _minutes;
    private bool _completed;

    /// <exception cref="IOException">The target exists already, or its folder is missing or not writable.</exception>
    public BackupFile(string target)
    {
        _target = Path.GetFullPath(target);
        string folder = Path.GetDirectoryName(_target)!;
        if (File.Exists(_target) || Directory.Exists(_target))
            throw new IOException($"'{_target}' exists already; give a new file name (a backup never overwrites).");
        if (!Directory.Exists(folder))
            throw new IOException($"The folder '{folder}' does not exist; create it first.");
        _partial = _target + ".partial";
        DeletePartial();
        try
        {
            _database = new LiteDatabase(new ConnectionString { Filename = _partial, Connection = ConnectionType.Direct });
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"Cannot write in '{folder}': permission denied.", e);
        }
    }

    public void Collection(string name)
    {
        Flush();
        _collectionName = name;
        _collection = _database.GetCollection(name);
    }

    public void Index(string collection, string name, string expression, bool unique) =>
        _database.GetCollection(collection).EnsureIndex(name, expression, unique);

    public void Document(BsonDocument document)
    {
        if (_collectionName == StoreSchema.Devices)
        {
            var counters = DeviceCounters.FromDocument(document);
            _devices++;
            _minutes += counters.Total;
        }

        _pending.Add(document);
        if (_pending.Count >= DocumentsPerTransaction)
            Flush();
    }

    /// <summary>Finishes the file: one data file, on disk, under the target name.</summary>
    public BackupSummary Complete()
    {
        Flush();
        _database.Checkpoint();
        _database.Dispose();
        NativeFile.Fsync(_partial);
        File.Move(_partial, _target);
        NativeFile.Fsync(Path.GetDirectoryName(_target)!);
        _completed = true;
        return new BackupSummary(_target, new FileInfo(_target).Length, _devices, _minutes);
    }

    public void Dispose()
    {
        if (_completed)
            return;
        try
        {
            _database.Dispose();
        }
        catch (Exception e) when (e is IOException or LiteException)
        {
            // The partial file is deleted below either way.
        }

        DeletePartial();
    }

    private void Flush()
    {
        if (_pending.Count == 0 || _collection is null)
            return;
        _database.BeginTrans();
        _collection.Insert(_pending);
        _database.Commit();
        _pending.Clear();
    }

    private void DeletePartial()
    {
        foreach (string file in new[] { _partial, DatabaseFiles.LogFileOf(_partial) })
        {
            if (File.Exists(file))
                File.Delete(file);
        }
    }
}
