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
    /// disagreement count is a history of what was seen and is kept.
    /// </remarks>
    public long DeleteOlderThan(DateTime cutoff)
    {
        ThrowIfDisposed();
        long cutoffMinute = MinuteClock.CeilingMinute(cutoff);
        int cutoffHour = MinuteClock.HourOf(cutoffMinute);
        int cutoffSlot = MinuteClock.SlotOf(cutoffMinute);

        lock (_writeLock)
        {
            ThrowIfDisposed();
            var changed = new List<(DeviceCounters Counters, HourBlock? Boundary)>();
            long deleted = 0;
            foreach (DeviceCounters current in AllCounters().Where(counters => counters.Total > 0 && counters.FirstMinute < cutoffMinute))
            {
                DeviceCounters counters = current.Clone();
                ILiteCollection<BsonDocument> collection = MinuteCollection(counters.Device);
                foreach (BsonDocument document in collection.Find(LiteDB.Query.LT("_id", cutoffHour)))
                    deleted += RemoveSlots(HourBlock.Decode(document["_id"].AsInt32, document[StoreSchema.BlobField].AsBinary), 60, counters);

                HourBlock? boundary = null;
                if (cutoffSlot > 0 && collection.FindById(cutoffHour) is { } boundaryDocument)
                {
                    boundary = HourBlock.Decode(cutoffHour, boundaryDocument[StoreSchema.BlobField].AsBinary);
                    deleted += RemoveSlots(boundary, cutoffSlot, counters);
                }

                SetFirstMinute(counters, collection, boundary, cutoffHour);
                changed.Add((counters, boundary));
            }

            if (changed.Count == 0)
                return 0;
            CommitRetention(changed, cutoffHour);
            Log.Retention(_logger, deleted, cutoff);
            return deleted;
        }
    }

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

    private static void SetFirstMinute(DeviceCounters counters, ILiteCollection<BsonDocument> collection, HourBlock? boundary, int cutoffHour)
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
        BsonDocument first = collection.Query()
            .Where(LiteDB.Query.GTE("_id", firstHour))
            .OrderBy("_id")
            .First();
        int hour = first["_id"].AsInt32;
        counters.FirstMinute = MinuteClock.FirstMinuteOf(hour) +
            BitOperations.TrailingZeroCount(HourBlock.ReadPresence(hour, first[StoreSchema.BlobField].AsBinary));
    }

    private void CommitRetention(List<(DeviceCounters Counters, HourBlock? Boundary)> changed, int cutoffHour)
    {
        ILiteCollection<BsonDocument> stats = _database.GetCollection(StoreSchema.StatsCollection);
        _database.BeginTrans();
        try
        {
            foreach ((DeviceCounters counters, HourBlock? boundary) in changed)
            {
                ILiteCollection<BsonDocument> collection = MinuteCollection(counters.Device);
                collection.DeleteMany(LiteDB.Query.LT("_id", cutoffHour));
                if (boundary is { Count: 0 })
                    collection.Delete(cutoffHour);
                else if (boundary is not null)
                    collection.Upsert(StoreSchema.HourDocument(boundary));
                stats.Upsert(counters.ToDocument());
            }

            _database.Commit();
        }
        catch
        {
            _database.Rollback();
            throw;
        }

        Publish(changed.Select(change => change.Counters));
        _commitSync.AfterCommit();
    }
}
