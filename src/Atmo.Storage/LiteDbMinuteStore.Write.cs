using System.Diagnostics;
using Atmo.Core;
using Atmo.Storage.Encoding;
using Atmo.Storage.Feed;
using Atmo.Storage.Writing;
using LiteDB;

namespace Atmo.Storage;

public sealed partial class LiteDbMinuteStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Values are rounded to the cloud contract's precision before they are compared or stored
    /// (see <see cref="ScaledValues"/>). Records of the same minute within one batch are applied in
    /// batch order. When nothing changes, nothing is written to the file. The commit also records the
    /// changed minutes in the change feed and writes the cursors saved since the last commit.
    /// </remarks>
    /// <exception cref="StorageWriteException">The commit failed (full disk, I/O error, read-only file system);
    /// nothing of the batch was stored, and the store recovers by itself once the cause is gone.</exception>
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
            if (Preflight() is { } refused)
                throw Refused(refused, $"{batch.Count} records");
            var tally = new WriteTally();
            bool committed = false;
            Exception? failure = null;
            _gate.EnterReadLock();
            try
            {
                StoreConnection connection = _connection ?? throw Unavailable();
                int lastNumber = _maxDeviceNumber;
                var devices = new List<DeviceBatch>();
                foreach (IGrouping<MacAddress, IncomingMinute> group in minutes.GroupBy(minute => minute.Record.Device))
                    devices.Add(Decide(connection, group.Key, [.. group], tally, ref lastNumber));

                if (devices.Any(device => device.HasChanges))
                {
                    long started = Stopwatch.GetTimestamp();
                    Commit(connection, devices, lastNumber);
                    StorageMetrics.Committed(started);
                    committed = true;
                }
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
                throw Failed(failure, $"{batch.Count} records");
            if (committed)
            {
                Committed();
                PruneChangeFeedIfDue();
            }

            return tally.ToResult();
        }
    }

    private DeviceBatch Decide(StoreConnection connection, MacAddress device, List<IncomingMinute> minutes, WriteTally tally, ref int lastNumber)
    {
        DeviceCounters counters = CountersOf(device)?.Clone() ?? new DeviceCounters { Device = device };
        var batch = new DeviceBatch(connection.Minutes, counters);

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
        // A new device gets the next number, kept only if the commit succeeds.
        if (counters.Number == 0 && batch.HasChanges)
            counters.Number = ++lastNumber;
        return batch;
    }

    /// <summary>One transaction for the whole batch, its change-feed entries and the cursors saved since the last commit; durable (per <see cref="StorageOptions.Durability"/>) on return.</summary>
    private void Commit(StoreConnection connection, List<DeviceBatch> devices, int lastNumber)
    {
        List<DeviceBatch> changed = devices.FindAll(device => device.HasChanges);
        long sequence = _lastSequence;
        var entries = new List<BsonDocument>();
        DateTimeOffset now = _timeProvider.GetUtcNow();
        foreach (DeviceBatch device in changed.Where(device => device.ChangedMinutes.Count > 0))
            entries.AddRange(ChangeEntry.Create(device.Device, device.ChangedMinutes, now, ref sequence));

        connection.InTransaction(() =>
        {
            foreach (DeviceBatch device in changed)
            {
                device.Save();
                connection.Devices.Upsert(device.Counters.ToDocument());
            }

            if (entries.Count > 0)
                connection.Minutes.Insert(entries);
            WriteStagedCursors(connection);
        });

        Publish(changed.Select(device => device.Counters));
        _maxDeviceNumber = lastNumber;
        Interlocked.Exchange(ref _lastSequence, sequence);
        CursorsWritten();
        connection.Sync.AfterCommit();
    }
}
