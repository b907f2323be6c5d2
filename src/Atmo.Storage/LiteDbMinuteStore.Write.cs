using Atmo.Core;
using Atmo.Storage.Encoding;
using Atmo.Storage.Writing;

namespace Atmo.Storage;

public sealed partial class LiteDbMinuteStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Values are rounded to the cloud contract's precision before they are compared or stored
    /// (see <see cref="ScaledValues"/>). Records of the same minute within one batch are applied in
    /// batch order. When nothing changes, nothing is written to the file.
    /// </remarks>
    public WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        IncomingMinute[] minutes = BatchValidator.Validate(batch);
        if (minutes.Length == 0)
            return WriteResult.Empty;

        lock (_writeLock)
        {
            ThrowIfDisposed();
            var tally = new WriteTally();
            var devices = new List<DeviceBatch>();
            foreach (IGrouping<MacAddress, IncomingMinute> group in minutes.GroupBy(minute => minute.Record.Device))
                devices.Add(Decide(group.Key, [.. group], tally));

            if (devices.Any(device => device.HasChanges))
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                Commit(devices);
                StorageMetrics.Committed(started);
            }
            return tally.ToResult();
        }
    }

    private DeviceBatch Decide(MacAddress device, List<IncomingMinute> minutes, WriteTally tally)
    {
        DeviceCounters counters = CountersOf(device)?.Clone() ?? new DeviceCounters { Device = device };
        var batch = new DeviceBatch(MinuteCollection(device), counters);

        List<IncomingMinute> history = minutes.FindAll(minute => minute.Source == MinuteSource.History);
        if (ShiftedResend.FindShift(batch, history) is int shift)
        {
            Log.ShiftedResend(_logger, device.ToString(), history.Count, shift);
            tally.ShiftedDuplicates += history.Count;
            minutes.RemoveAll(minute => minute.Source == MinuteSource.History);
        }

        long countedBefore = counters.Disagreements;
        foreach (IncomingMinute minute in minutes)
            MinutePrecedence.Apply(batch, minute, tally);
        // Only newly seen disagreements are worth a warning; a re-fetched page would repeat them.
        if (counters.Disagreements > countedBefore)
            Log.Disagreements(_logger, device.ToString(), counters.Disagreements - countedBefore);
        return batch;
    }

    /// <summary>One transaction for the whole batch; durable (per <see cref="StorageOptions.Durability"/>) on return.</summary>
    private void Commit(List<DeviceBatch> devices)
    {
        var stats = _database.GetCollection(StoreSchema.StatsCollection);
        _database.BeginTrans();
        try
        {
            foreach (DeviceBatch device in devices.Where(device => device.HasChanges))
            {
                device.Save();
                stats.Upsert(device.Counters.ToDocument());
            }

            _database.Commit();
        }
        catch
        {
            _database.Rollback();
            throw;
        }

        Publish(devices.Where(device => device.HasChanges).Select(device => device.Counters));
        _commitSync.AfterCommit();
    }
}
