using Atmo.Core;
using LiteDB;

namespace Atmo.Storage;

public sealed partial class LiteDbMinuteStore
{
    /// <summary>
    /// Below this much free space a commit is not tried. LiteDB 5.0.21 cannot undo a commit that fails half written:
    /// its transaction stays on the thread, holding a reader of the log file, until the process ends. So a full disk
    /// is refused before LiteDB sees the batch, and only a commit bigger than this can still fail half way.
    /// </summary>
    public const long CommitReserveBytes = 1024 * 1024;

    private const int EnospcErrno = 28;
    private const int ErofsErrno = 30;
    private const string FullReason = "the disk is full";
    private const string ReadOnlyReason = "the file system is read-only (often remounted so after an I/O error: see 'dmesg'); the store retries by itself once it is writable";

    /// <summary>Why a commit cannot succeed now, found without trying one (a full disk, a read-only file system), or null.</summary>
    private string? Preflight()
    {
        if (NativeFile.WriteAccessError(FilePath) is int errno)
            return errno == ErofsErrno ? ReadOnlyReason : $"the database file cannot be written (errno {errno}); check its owner and permissions";
        try
        {
            long free = new DriveInfo(Path.GetDirectoryName(FilePath)!).AvailableFreeSpace;
            if (free < CommitReserveBytes)
                return $"{FullReason} ({free / 1024} KiB free; a commit needs {CommitReserveBytes / 1024} KiB); free some space, the store retries by itself";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The free space is unknown: the commit itself will tell.
        }

        return null;
    }

    /// <summary>A commit was not tried (<see cref="Preflight"/>): records why and keeps retrying. Call holding the write lock.</summary>
    /// <returns>What the writer throws: nothing of its batch was stored.</returns>
    private StorageWriteException Refused(string reason, string what)
    {
        SetFailing(reason, null);
        StartRecovery();
        return new StorageWriteException($"Could not store {what} in '{FilePath}': {reason}. Nothing of it was stored.");
    }

    private void SetFailing(string reason, Exception? exception)
    {
        StoreCondition before = _condition;
        _condition = new StoreCondition(reason, before.FailingSince ?? _timeProvider.GetUtcNow(), before.LastCommit);
        if (before.Writable)
            Log.CommitFailed(_logger, exception, FilePath, reason);
        else if (before.Failure != reason)
            Log.CommitStillFailing(_logger, FilePath, reason);
    }

    /// <summary>What a failed commit (or read) throws that the file, not the caller, is to blame for.</summary>
    private static bool IsStorageFailure(Exception e) =>
        e is IOException or LiteException or UnauthorizedAccessException or InvalidDataException;

    /// <summary>
    /// A commit failed: records why, reopens the file (LiteDB 5.0.21 leaves the failed transaction and its
    /// collection lock on the thread) and keeps trying to recover. Call holding the write lock, not the gate.
    /// </summary>
    /// <returns>What the writer throws: nothing of its batch was stored.</returns>
    private StorageWriteException Failed(Exception e, string what)
    {
        string reason = Describe(e);
        SetFailing(reason, e);
        Reopen();
        StartRecovery();
        return new StorageWriteException($"Could not store {what} in '{FilePath}': {reason}. Nothing of it was stored.", e);
    }

    /// <summary>A commit succeeded: the store is healthy (again).</summary>
    private void Committed()
    {
        StoreCondition before = _condition;
        _condition = new StoreCondition(null, null, _timeProvider.GetUtcNow());
        if (!before.Writable)
        {
            Log.Recovered(_logger, FilePath, before.FailingSince ?? _timeProvider.GetUtcNow());
            StopRecovery();
        }
    }

    /// <summary>The reason in words a person can act on.</summary>
    private static string Describe(Exception e) => e switch
    {
        IOException io when io.HResult == EnospcErrno || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) =>
            $"{FullReason} (No space left on device); free some space, the store retries by itself",
        IOException io when io.HResult == ErofsErrno || io.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) =>
            ReadOnlyReason,
        UnauthorizedAccessException => $"permission denied ({e.Message}); the service user needs write access to the database folder",
        LiteException when e.Message.Contains("read only", StringComparison.OrdinalIgnoreCase) =>
            "the database is open read-only because it could not be opened for writing; the store retries by itself",
        _ => $"{e.Message.TrimEnd('.')} ({e.GetType().Name}); check the disk (space, permissions, 'dmesg' for I/O errors)",
    };

    /// <summary>
    /// Throws the connection away and opens a new one; read-only when the file cannot be opened for writing,
    /// so reads are still served. Call holding the write lock, not the gate.
    /// </summary>
    private void Reopen()
    {
        _gate.EnterWriteLock();
        try
        {
            if (_disposed)
                return;
            _connection?.DisposeQuietly();
            _connection = null;
            // A write cut short by a full disk can leave a part of a page at the end of a file. LiteDB would cut it
            // off itself at open, but with an exclusive lock, which the reader the failed transaction keeps (above)
            // refuses. That part belongs to the failed commit.
            DatabaseFiles.TrimPartialPages(FilePath);
            _connection = TryOpen(readOnly: false) ?? TryOpen(readOnly: true);
            if (_connection is null)
                return;
            try
            {
                LoadState(_connection);
            }
            catch (Exception e) when (IsStorageFailure(e))
            {
                Log.ReopenFailed(_logger, FilePath, false, e.Message);
                _connection.DisposeQuietly();
                _connection = null;
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private StoreConnection? TryOpen(bool readOnly)
    {
        try
        {
            return StoreConnection.Open(FilePath, _options.Durability, readOnly);
        }
        catch (StorageOpenException e)
        {
            Log.ReopenFailed(_logger, FilePath, readOnly, e.Message);
            return null;
        }
        catch (IOException e)
        {
            Log.ReopenFailed(_logger, FilePath, readOnly, e.Message);
            return null;
        }
    }

    /// <summary>Starts retrying every <see cref="RecoveryInterval"/>, unless already retrying.</summary>
    private void StartRecovery()
    {
        lock (_recoveryLock)
        {
            if (_disposed || _recoveryTimer is not null)
                return;
            _recoveryTimer = _timeProvider.CreateTimer(_ => TryRecover(), null, RecoveryInterval, RecoveryInterval);
        }
    }

    private void StopRecovery()
    {
        lock (_recoveryLock)
        {
            _recoveryTimer?.Dispose();
            _recoveryTimer = null;
        }
    }

    /// <summary>
    /// One recovery attempt: reopen when the connection is gone, read-only or failed a read, then a small real
    /// commit, fsynced, and a checkpoint (which writes every committed page to the data file again and fsyncs it,
    /// so a commit whose fsync failed is durable once this succeeds). Stops the retries once the store is healthy.
    /// </summary>
    /// <returns>True when the store can commit.</returns>
    public bool TryRecover()
    {
        lock (_writeLock)
        {
            if (_disposed)
                return false;
            bool reopen = Volatile.Read(ref _reopenWanted);
            if (!reopen && _condition.Writable && _connection is { ReadOnly: false })
            {
                StopRecovery();
                return true;
            }

            if (reopen || _connection is null or { ReadOnly: true })
            {
                Volatile.Write(ref _reopenWanted, false);
                Reopen();
            }

            if (Preflight() is { } refused)
            {
                SetFailing(refused, null);
                return false;
            }

            Exception? failure = null;
            _gate.EnterReadLock();
            try
            {
                StoreConnection connection = _connection ?? throw Unavailable();
                connection.InTransaction(() =>
                {
                    connection.Database.GetCollection(StoreSchema.Meta).Upsert(new BsonDocument
                    {
                        ["_id"] = "probe",
                        ["t"] = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
                    });
                    WriteStagedCursors(connection);
                });
                connection.Sync.AfterCommit();
                connection.Database.Checkpoint();
            }
            catch (Exception e) when (IsStorageFailure(e))
            {
                failure = e;
            }
            finally
            {
                _gate.ExitReadLock();
            }

            if (failure is not null)
            {
                _ = Failed(failure, "the recovery probe");
                return false;
            }

            CursorsWritten();
            Committed();
            StopRecovery();
            return true;
        }
    }
}
