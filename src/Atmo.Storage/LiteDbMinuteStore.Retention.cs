using System.Numerics;
using Atmo.Core;
using Atmo.Storage.Encoding;
using LiteDB;

namespace Atmo.Storage;

public sealed partial class LiteDbMinuteStore
{
    /// <summary>
    /// Deletes the minutes older than <see cref="StorageOptions.RetentionDays"/> days before now
    /// (per the store's <see cref="TimeProvider"/>); does nothing when it is 0. Returns how many.
    /// </summary>
    public long ApplyRetention()
    {
        if (_options.RetentionDays <= 0)
            return 0;
        DateTime now = MinuteTime.Floor(_timeProvider.GetUtcNow());
        return DeleteOlderThan(now.AddDays(-_options.RetentionDays));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Counts by source, first and last minute follow the deletion in the same transaction; the
    /// disagreement count is a history of what was seen and is kept. Deletions are not change-feed entries.
    /// </remarks>
    /// <exception cref="StorageWriteException">The commit failed; nothing was deleted.</exception>
    public long DeleteOlderThan(DateTime cutoff)
    {
        ThrowIfDisposed();
        long cutoffMinute = MinuteClock.CeilingMinute(cutoff);
        int cutoffHour = MinuteClock.HourOf(cutoffMinute);
        int cutoffSlot = MinuteClock.SlotOf(cutoffMinute);

        lock (_writeLock)
        {
            ThrowIfDisposed();
            if (Preflight() is { } refused)
                throw Refused(refused, $"the deletion of the minutes before {cutoff:u}");
            long deleted = 0;
            Exception? failure = null;
            _gate.EnterReadLock();
            try
            {
                StoreConnection connection = _connection ?? throw Unavailable();
                var changed = new List<(DeviceCounters Counters, HourBlock? Boundary)>();
                foreach (DeviceCounters current in AllCounters().Where(counters => counters.Total > 0 && counters.FirstMinute < cutoffMinute))
                {
                    DeviceCounters counters = current.Clone();
                    foreach (BsonDocument document in connection.Minutes.Find(Before(counters.Number, cutoffHour)))
                        deleted += RemoveSlots(HourBlock.Decode(StoreSchema.HourOfKey(document["_id"].AsInt64), document[StoreSchema.BlobField].AsBinary), 60, counters);

                    HourBlock? boundary = null;
                    if (cutoffSlot > 0 && connection.Minutes.FindById(StoreSchema.HourKey(counters.Number, cutoffHour)) is { } boundaryDocument)
                    {
                        boundary = HourBlock.Decode(cutoffHour, boundaryDocument[StoreSchema.BlobField].AsBinary);
                        deleted += RemoveSlots(boundary, cutoffSlot, counters);
                    }

                    SetFirstMinute(counters, connection, boundary, cutoffHour);
                    changed.Add((counters, boundary));
                }

                if (changed.Count == 0)
                    return 0;
                CommitRetention(connection, changed, cutoffHour);
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
                throw Failed(failure, $"the deletion of the minutes before {cutoff:u}");
            Committed();
            Log.Retention(_logger, deleted, cutoff);
            return deleted;
        }
    }

    /// <summary>The device's hours before <paramref name="hour"/>.</summary>
    private static BsonExpression Before(int deviceNumber, int hour) =>
        LiteDB.Query.And(LiteDB.Query.GTE("_id", StoreSchema.HourKey(deviceNumber, 0)), LiteDB.Query.LT("_id", StoreSchema.HourKey(deviceNumber, hour)));

    private static int RemoveSlots(HourBlock block, int belowSlot, DeviceCounters counters)
    {
        int removed = 0;
        for (ulong rest = block.Presence; rest != 0; rest &= rest - 1)
        {
            int slot = BitOperations.TrailingZeroCount(rest);
            if (slot >= belowSlot)
                break;
            counters.Remove(block.SourceAt(slot));
            block.Remove(slot);
            removed++;
        }

        return removed;
    }

    private static void SetFirstMinute(DeviceCounters counters, StoreConnection connection, HourBlock? boundary, int cutoffHour)
    {
        if (counters.Total == 0)
        {
            counters.FirstMinute = long.MaxValue;
            counters.LastMinute = long.MinValue;
            return;
        }

        if (boundary is { Count: > 0 })
        {
            counters.FirstMinute = MinuteClock.FirstMinuteOf(cutoffHour) + BitOperations.TrailingZeroCount(boundary.Presence);
            return;
        }

        int firstHour = boundary is null ? cutoffHour : cutoffHour + 1;
        BsonDocument first = connection.Minutes.Query()
            .Where(LiteDB.Query.Between("_id", StoreSchema.HourKey(counters.Number, firstHour), StoreSchema.HourKey(counters.Number, int.MaxValue)))
            .OrderBy("_id")
            .First();
        int hour = StoreSchema.HourOfKey(first["_id"].AsInt64);
        counters.FirstMinute = MinuteClock.FirstMinuteOf(hour) +
            BitOperations.TrailingZeroCount(HourBlock.ReadPresence(hour, first[StoreSchema.BlobField].AsBinary));
    }

    private void CommitRetention(StoreConnection connection, List<(DeviceCounters Counters, HourBlock? Boundary)> changed, int cutoffHour)
    {
        connection.InTransaction(() =>
        {
            foreach ((DeviceCounters counters, HourBlock? boundary) in changed)
            {
                connection.Minutes.DeleteMany(Before(counters.Number, cutoffHour));
                if (boundary is { Count: 0 })
                    connection.Minutes.Delete(StoreSchema.HourKey(counters.Number, cutoffHour));
                else if (boundary is not null)
                    connection.Minutes.Upsert(StoreSchema.HourDocument(counters.Number, boundary));
                connection.Devices.Upsert(counters.ToDocument());
            }

            WriteStagedCursors(connection);
        });

        Publish(changed.Select(change => change.Counters));
        CursorsWritten();
        connection.Sync.AfterCommit();
    }
}
