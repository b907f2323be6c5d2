using Atmo.Core;
using Atmo.Storage.Encoding;
using LiteDB;

namespace Atmo.Storage.Writing;

/// <summary>
/// The hours of one device that a batch reads and changes, loaded on demand and kept in memory
/// until the whole batch is decided; then saved in the batch's transaction.
/// </summary>
internal sealed class DeviceBatch(ILiteCollection<BsonDocument> minutes, DeviceCounters counters)
{
    private readonly Dictionary<int, HourBlock?> _hours = [];
    private readonly HashSet<int> _dirty = [];
    private readonly SortedSet<long> _changed = [];

    public MacAddress Device => Counters.Device;

    /// <summary>A copy of the device's counters; becomes the cached one only after the commit.</summary>
    public DeviceCounters Counters { get; } = counters;

    public bool HasChanges => _dirty.Count > 0;

    /// <summary>The minutes whose record this batch inserts or replaces (for the change feed), ascending.</summary>
    public IReadOnlyCollection<long> ChangedMinutes => _changed;

    /// <summary>The stored block of the hour holding <paramref name="minute"/>, or null when the hour is empty.</summary>
    public HourBlock? Find(long minute)
    {
        int hour = MinuteClock.HourOf(minute);
        if (_hours.TryGetValue(hour, out HourBlock? block))
            return block;
        BsonDocument? document = Counters.Number == 0 ? null : minutes.FindById(StoreSchema.HourKey(Counters.Number, hour));
        block = document is null ? null : HourBlock.Decode(hour, document[StoreSchema.BlobField].AsBinary);
        _hours[hour] = block;
        return block;
    }

    public HourBlock GetOrCreate(long minute)
    {
        HourBlock? block = Find(minute);
        if (block is null)
        {
            int hour = MinuteClock.HourOf(minute);
            block = new HourBlock(hour);
            _hours[hour] = block;
        }

        return block;
    }

    /// <summary>The block must be saved, though no minute's record changed (a disagreement mark).</summary>
    public void MarkDirty(HourBlock block) => _dirty.Add(block.Hour);

    /// <summary>The record of <paramref name="minute"/> in <paramref name="block"/> was inserted or replaced.</summary>
    public void MarkChanged(HourBlock block, long minute)
    {
        _dirty.Add(block.Hour);
        _changed.Add(minute);
    }

    /// <summary>Writes the changed hours; call inside the batch's transaction, once the device has its number.</summary>
    public void Save()
    {
        foreach (int hour in _dirty)
        {
            HourBlock block = _hours[hour]!;
            if (block.Count == 0)
                minutes.Delete(StoreSchema.HourKey(Counters.Number, hour));
            else
                minutes.Upsert(StoreSchema.HourDocument(Counters.Number, block));
        }
    }
}
