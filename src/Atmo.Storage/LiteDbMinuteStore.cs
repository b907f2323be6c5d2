using Atmo.Core;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace Atmo.Storage;

/// <summary>
/// The minute store on one LiteDB file (direct mode): one collection per device, one document per
/// device and UTC hour holding that hour's minutes in a compact binary field, and a statistics
/// document per device. Thread-safe: writes are serialised, reads run beside them.
/// </summary>
public sealed partial class LiteDbMinuteStore : IMinuteStore, IDisposable
{
    private readonly StorageOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LiteDbMinuteStore> _logger;
    private readonly LiteDatabase _database;
    private readonly FileStream _processLock;
    private readonly CommitSync _commitSync;
    private readonly Lock _writeLock = new();
    private readonly Lock _countersLock = new();
    private readonly Dictionary<MacAddress, DeviceCounters> _counters = [];
    private bool _disposed;

    /// <exception cref="StorageOpenException">The folder cannot be created, the file cannot be
    /// opened (permissions, not a database) or another process has it open.</exception>
    public LiteDbMinuteStore(StorageOptions options, TimeProvider timeProvider, ILogger<LiteDbMinuteStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        FilePath = Path.GetFullPath(options.Path);
        (_processLock, _database) = StoreFile.Open(FilePath);
        _commitSync = new CommitSync(_database, FilePath, options.Durability);
        foreach (BsonDocument document in _database.GetCollection(StoreSchema.StatsCollection).FindAll())
        {
            DeviceCounters counters = DeviceCounters.FromDocument(document);
            _counters[counters.Device] = counters;
        }

        Log.Opened(_logger, FilePath, _counters.Count, options.Durability);
    }

    /// <summary>Full path of the database file.</summary>
    public string FilePath { get; }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
                return;
            _disposed = true;
            // LiteDB checkpoints on dispose; it deletes its log file itself only when empty.
            _database.Dispose();
            _processLock.Dispose();
        }
    }

    private ILiteCollection<BsonDocument> MinuteCollection(MacAddress device) =>
        _database.GetCollection(StoreSchema.MinuteCollection(device));

    private DeviceCounters? CountersOf(MacAddress device)
    {
        lock (_countersLock)
            return _counters.TryGetValue(device, out DeviceCounters? counters) ? counters : null;
    }

    private List<DeviceCounters> AllCounters()
    {
        lock (_countersLock)
            return [.. _counters.Values];
    }

    /// <summary>Counters are replaced, never mutated, so readers can hold one without a lock.</summary>
    private void Publish(IEnumerable<DeviceCounters> committed)
    {
        lock (_countersLock)
        {
            foreach (DeviceCounters counters in committed)
                _counters[counters.Device] = counters;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
