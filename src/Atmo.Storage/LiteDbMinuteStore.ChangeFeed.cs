using System.Numerics;
using Atmo.Core;
using Atmo.Storage.Encoding;
using Atmo.Storage.Feed;
using LiteDB;

namespace Atmo.Storage;

public sealed partial class LiteDbMinuteStore
{
    /// <summary>The longest cursor name <see cref="SaveCursor"/> accepts.</summary>
    public const int MaxCursorNameLength = 100;

    private readonly Lock _cursorLock = new();
    private readonly Dictionary<string, long> _cursors = new(StringComparer.Ordinal); // saved values, written or not
    private readonly Dictionary<string, long> _stagedCursors = new(StringComparer.Ordinal); // not written yet
    private long _lastSequence;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <inheritdoc />
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    /// <inheritdoc />
    public IReadOnlyList<MinuteChange> ChangesAfter(long sequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
            return [];
        return Read(connection => connection.Minutes.Query()
            .Where(StoreSchema.FeedEntriesAfter(Math.Max(sequence, 0)))
            .OrderBy("_id")
            .Limit(limit)
            .ToEnumerable()
            .Select(ChangeEntry.ToChange)
            .ToList());
    }

    /// <inheritdoc />
    public IReadOnlyList<MinuteRecord> ReadMinutes(MinuteChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Minutes.Count == 0 || CountersOf(change.Device) is not { Number: > 0 } counters)
            return [];
        long first = MinuteClock.ToMinute(change.Minutes[0]);
        long last = MinuteClock.ToMinute(change.Minutes[^1]);
        var wanted = new HashSet<long>(change.Minutes.Select(MinuteClock.ToMinute));
        return Read(connection =>
        {
            var records = new List<MinuteRecord>(change.Minutes.Count);
            foreach (BsonDocument document in HourDocuments(connection, counters.Number, first, last + 1, descending: false))
            {
                int hour = StoreSchema.HourOfKey(document["_id"].AsInt64);
                var block = HourBlock.Decode(hour, document[StoreSchema.BlobField].AsBinary);
                for (ulong rest = block.Presence; rest != 0; rest &= rest - 1)
                {
                    int slot = BitOperations.TrailingZeroCount(rest);
                    if (wanted.Contains(MinuteClock.FirstMinuteOf(hour) + slot))
                        records.Add(block.ToRecord(change.Device, slot));
                }
            }

            return records;
        });
    }

    /// <inheritdoc />
    public void SaveCursor(string name, long sequence)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > MaxCursorNameLength)
            throw new ArgumentException($"A cursor name has at most {MaxCursorNameLength} characters.", nameof(name));
        if (sequence < 0 || sequence > LastSequence)
            throw new ArgumentException($"Cursor {sequence} is outside 0…{LastSequence} (the newest sequence).", nameof(sequence));
        ThrowIfDisposed();
        lock (_cursorLock)
        {
            if (_cursors.TryGetValue(name, out long saved) && saved == sequence)
                return;
            _cursors[name] = sequence;
            _stagedCursors[name] = sequence;
        }
    }

    /// <inheritdoc />
    public long LoadCursor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_cursorLock)
            return _cursors.GetValueOrDefault(name);
    }

    private bool HasStagedCursors
    {
        get
        {
            lock (_cursorLock)
                return _stagedCursors.Count > 0;
        }
    }

    /// <summary>The feed's head and the written cursors, from the file (cursors saved but not written yet stay).</summary>
    private void LoadFeedState(StoreConnection connection)
    {
        long newest = connection.Has(StoreSchema.Minutes)
            ? connection.Minutes.Query().Where(StoreSchema.FeedEntriesAfter(0)).OrderByDescending("_id").Limit(1).ToEnumerable().Select(ChangeEntry.SequenceOf).FirstOrDefault()
            : 0;
        Interlocked.Exchange(ref _lastSequence, newest);
        if (!connection.Has(StoreSchema.Cursors))
            return;
        lock (_cursorLock)
        {
            foreach (BsonDocument cursor in connection.Cursors.FindAll())
            {
                string name = cursor["_id"].AsString;
                if (!_stagedCursors.ContainsKey(name))
                    _cursors[name] = cursor["s"].AsInt64;
            }
        }
    }

    /// <summary>Writes the cursors saved since the last commit; call inside a commit's transaction.</summary>
    private void WriteStagedCursors(StoreConnection connection)
    {
        KeyValuePair<string, long>[] staged;
        lock (_cursorLock)
            staged = [.. _stagedCursors];
        foreach ((string name, long sequence) in staged)
            connection.Cursors.Upsert(new BsonDocument { ["_id"] = name, ["s"] = sequence });
    }

    /// <summary>After the commit: the cursors it wrote are no longer staged (unless saved again meanwhile).</summary>
    private void CursorsWritten()
    {
        lock (_cursorLock)
        {
            foreach ((string name, long sequence) in _stagedCursors.ToList())
            {
                if (_cursors[name] == sequence)
                    _stagedCursors.Remove(name);
            }
        }
    }

    /// <summary>At close: one commit for the cursors saved since the last write, if any.</summary>
    private void TryWriteStagedCursors(StoreConnection connection)
    {
        try
        {
            connection.InTransaction(() => WriteStagedCursors(connection));
            CursorsWritten();
            connection.Sync.AfterCommit();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            Log.CursorsNotWritten(_logger, e.Message);
        }
    }

    /// <summary>Prunes the feed at most once a day, after a commit (holding the write lock).</summary>
    private void PruneChangeFeedIfDue()
    {
        if (_timeProvider.GetUtcNow() - _lastPrune < TimeSpan.FromDays(1))
            return;
        _gate.EnterReadLock();
        try
        {
            if (_connection is { ReadOnly: false } connection)
                PruneChangeFeedIfDue(connection);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            // The next write tells whether the store is failing; pruning waits for a day.
            Log.PruneFailed(_logger, e.Message);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Deletes the entries older than <see cref="StorageOptions.ChangeFeedDays"/> that every cursor has passed,
    /// and those older than ten times that whatever the cursors; the newest entry always stays (it carries the
    /// sequence the next entry continues from).
    /// </summary>
    private void PruneChangeFeedIfDue(StoreConnection connection)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        if (now - _lastPrune < TimeSpan.FromDays(1))
            return;
        _lastPrune = now;
        if (!connection.Has(StoreSchema.Minutes))
            return;
        DateTimeOffset consumedCutoff = now.AddDays(-_options.ChangeFeedDays);
        DateTimeOffset hardCutoff = now.AddDays(-_options.ChangeFeedDays * StorageOptions.ChangeFeedHardLimitFactor);
        long oldestCursor;
        lock (_cursorLock)
            oldestCursor = _cursors.Count == 0 ? long.MaxValue : _cursors.Values.Min();
        long newest = LastSequence;
        long pruneThrough = 0;
        foreach (BsonDocument entry in connection.Minutes.Query().Where(StoreSchema.FeedEntriesAfter(0)).OrderBy("_id").ToEnumerable())
        {
            long sequence = ChangeEntry.SequenceOf(entry);
            DateTimeOffset committed = ChangeEntry.CommittedOf(entry);
            bool prune = sequence < newest &&
                ((committed < consumedCutoff && sequence <= oldestCursor) || committed < hardCutoff);
            if (!prune)
                break;
            pruneThrough = sequence;
        }

        if (pruneThrough == 0)
            return;
        int deleted = 0;
        connection.InTransaction(() => deleted = connection.Minutes.DeleteMany(LiteDB.Query.Between("_id", 1L, pruneThrough)));
        connection.Sync.AfterCommit();
        Log.FeedPruned(_logger, deleted, pruneThrough);
    }
}
