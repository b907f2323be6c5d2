using Atmo.Core;
using Atmo.Storage.Migration;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace Atmo.Storage;

/// <summary>
/// The minute store on one LiteDB file (direct mode): one collection for every device's minutes, one
/// document per device and UTC hour holding that hour's minutes in a compact binary field, a statistics
/// document per device, and the change feed (docs/storage.md). Thread-safe: writes are serialised, reads
/// run beside them. A failed commit does not wedge it: the file is reopened at once and, while commits keep
/// failing, retried every <see cref="RecoveryInterval"/> (<see cref="IStoreHealth"/>).
/// </summary>
public sealed partial class LiteDbMinuteStore : IMinuteStore, IMinuteChangeFeed, IStoreHealth, IDisposable
{
    /// <summary>How often a store whose last commit failed tries a small commit of its own, to recover once the cause is gone.</summary>
    public static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(15);

    private readonly StorageOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LiteDbMinuteStore> _logger;
    private readonly FileStream _processLock;
    private readonly Lock _writeLock = new();
    private readonly Lock _countersLock = new();
    private readonly Lock _recoveryLock = new();
    private readonly Dictionary<MacAddress, DeviceCounters> _counters = [];

    // Readers hold it shared while they use _connection; a reopen holds it exclusively.
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private StoreConnection? _connection;
    private int _maxDeviceNumber;
    private volatile StoreCondition _condition = StoreCondition.Healthy;
    private ITimer? _recoveryTimer;
    private bool _reopenWanted;
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
        _processLock = StoreFile.AcquireLock(FilePath);
        try
        {
            _connection = StoreConnection.Open(FilePath, options.Durability);
            new LayoutMigration(_connection, FilePath, logger).RunIfNeeded();
            LoadState(_connection);
            PruneChangeFeedIfDue(_connection);
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _connection?.DisposeQuietly();
            _processLock.Dispose();
            throw e as StorageOpenException ?? new StorageOpenException($"Cannot open the database '{FilePath}': {e.Message}", e);
        }

        Log.Opened(_logger, FilePath, _counters.Count, options.Durability);
    }

    /// <summary>Full path of the database file.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public StoreCondition Condition => _condition;

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
                return;
            StopRecovery();
            if (_connection is { ReadOnly: false } connection && HasStagedCursors)
                TryWriteStagedCursors(connection);
            _gate.EnterWriteLock();
            try
            {
                _disposed = true;
                CloseConnection();
            }
            finally
            {
                _gate.ExitWriteLock();
                _processLock.Dispose();
            }
        }
    }

    /// <summary>LiteDB checkpoints on close and deletes its log file itself when it is empty; a close that fails loses nothing.</summary>
    private void CloseConnection()
    {
        if (_connection is not { } connection)
            return;
        _connection = null;
        if (!_condition.Writable)
        {
            connection.DisposeQuietly();
            return;
        }

        try
        {
            connection.Dispose();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            Log.CloseFailed(_logger, FilePath, e.Message);
            connection.DisposeQuietly();
        }
    }

    /// <summary>Runs <paramref name="read"/> on the open connection, beside writes and other reads.</summary>
    private T Read<T>(Func<StoreConnection, T> read)
    {
        ThrowIfDisposed();
        _gate.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            StoreConnection connection = _connection ?? throw Unavailable();
            try
            {
                return read(connection);
            }
            catch (Exception e) when (IsStorageFailure(e))
            {
                // The engine may have closed itself (LiteDB does after an I/O error): reopen it soon.
                Volatile.Write(ref _reopenWanted, true);
                StartRecovery();
                throw;
            }
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Loads what the store keeps in memory from the file: counters, device numbers, the feed's head, the cursors.</summary>
    private void LoadState(StoreConnection connection)
    {
        var counters = connection.Devices.FindAll().Where(document => document["_id"].IsString).Select(DeviceCounters.FromDocument).ToList();
        lock (_countersLock)
        {
            _counters.Clear();
            foreach (DeviceCounters device in counters)
                _counters[device.Device] = device;
        }

        _maxDeviceNumber = counters.Select(device => device.Number).DefaultIfEmpty(0).Max();
        LoadFeedState(connection);
    }

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

    private StorageUnavailableException Unavailable() =>
        new($"The database '{FilePath}' cannot be opened at the moment ({_condition.Failure ?? "reopening"}); retrying every {RecoveryInterval.TotalSeconds:0} s.");
}
