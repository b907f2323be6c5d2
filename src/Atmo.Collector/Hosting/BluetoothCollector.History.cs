using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Collector.Devices;
using Atmo.Collector.Radio;
using Atmo.Collector.Status;
using Atmo.Core;
using Microsoft.Extensions.Logging;
using Polly;

namespace Atmo.Collector.Hosting;

// History backfill: one worker per device decides when; the radio arbiter decides who goes first.
public sealed partial class BluetoothCollector
{
    private DateTimeOffset NotBefore => _options.ClockNotBefore ?? ClockCheck.BuildDate;

    /// <summary>Waits until the device is due (reappeared, or the interval passed) and present, then downloads, retrying with back-off.</summary>
    private async Task DeviceWorkerAsync(TrackedDevice device, CancellationToken cancellationToken)
    {
        ResiliencePipeline retry = FailureBackoff.RetryPipeline(_time, _options.Ble.MaxBackoff, args =>
        {
            Exception? e = args.Outcome.Exception;
            DateTimeOffset until = _time.GetUtcNow() + args.RetryDelay;
            string advice = e is BlueZException b ? b.Advice : "";
            _logger.LogWarning("History of {Device} failed (attempt {Attempt}): {Message} {Advice} Next try in {Delay:0} s",
                device.Label, args.AttemptNumber + 1, e?.Message, advice, args.RetryDelay.TotalSeconds);
            _status.UpdateDevice(device.Address, s => s with
            {
                ConsecutiveFailures = args.AttemptNumber + 1,
                BackoffUntil = until,
                LastError = e?.Message,
            });
            return ValueTask.CompletedTask;
        });
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await WaitUntilDueAsync(device, cancellationToken).ConfigureAwait(false);
                await retry.ExecuteAsync(ct => new ValueTask(VisitAsync(device, ct)), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Never let one device's worker die (e.g. the store failing to answer): log, pause, carry on.
                Fail($"History worker of {device.Label}: {e.Message}");
                try
                {
                    await Task.Delay(_options.Ble.MaxBackoff, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task WaitUntilDueAsync(TrackedDevice device, CancellationToken cancellationToken)
    {
        TimeSpan interval = TimeSpan.FromMinutes(_options.History.IntervalMinutes);
        while (true)
        {
            DateTimeOffset now = _time.GetUtcNow();
            bool present = device.IsPresent(now, _options.Ble.AbsenceThreshold);
            DateTimeOffset due = device.SyncRequested || device.LastSync is null ? now : device.LastSync.Value + interval;
            if (present && due <= now)
            {
                ClockSanity clock = CheckClock(now);
                if (clock.Sane)
                    return;
                _logger.LogWarning("History of {Device} waits: {Reason}", device.Label, clock.Reason);
                await Task.Delay(_options.Ble.WatchdogInterval, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Absent: wait to be heard again. Present: wait for the interval (or an earlier wake-up).
            TimeSpan wait = present ? due - now : _options.Ble.AbsenceThreshold;
            await device.WaitForWakeAsync(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One visit: take the radio, pause discovery, connect, download, disconnect, resume. Throws on failure.</summary>
    private async Task VisitAsync(TrackedDevice device, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (!device.IsPresent(now, _options.Ble.AbsenceThreshold))
            return; // Gone while backing off: the worker waits for it to be heard again.
        await WaitForRequestWindowAsync(cancellationToken).ConfigureAwait(false);
        using RadioLease lease = await _radio.AcquireAsync(device.Address, device.LastSync, cancellationToken).ConfigureAwait(false);
        await _scan!.PauseAsync(cancellationToken).ConfigureAwait(false);
        long pausedAt = _time.GetTimestamp();
        _status.UpdateAdapter(s => s with { PausedForConnection = true, Scanning = false });
        HistoryDownloadResult result;
        try
        {
            ResiliencePipeline hold = FailureBackoff.HoldLimit(_time, _options.Ble.MaxConnectionHold);
            result = await hold.ExecuteAsync(async ct =>
            {
                await using AtmotubeConnection connection = await _central!.ConnectAsync(device.Address, ct).ConfigureAwait(false);
                await ReadLiveOnceAsync(device, connection, ct).ConfigureAwait(false);
                await using BlueZUartLink link = await connection.OpenUartAsync(ct).ConfigureAwait(false);
                return await DownloadAsync(device, link, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _scan.ResumeAsync(_time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            TimeSpan paused = _time.GetElapsedTime(pausedAt);
            foreach (TrackedDevice other in _devices.Values)
                other.DiscoveryPaused(paused);
            _status.UpdateAdapter(s => s with { PausedForConnection = _scan.Paused, Scanning = _scan.IsScanning });
        }

        bool completed = result.Outcome == HistoryOutcome.Completed;
        _status.CountSession(!completed);
        DateTimeOffset end = _time.GetUtcNow();
        _status.UpdateDevice(device.Address, s => s with { LastSyncOutcome = result.Outcome.ToString() });
        if (!completed)
            throw new HistorySyncException(result.Outcome, result.Problem);
        device.Synced(end);
        _status.UpdateDevice(device.Address, s => s with { LastHistorySync = end, ConsecutiveFailures = 0, BackoffUntil = null, LastError = null });
        _logger.LogInformation("History of {Device}: {Batches} batches, {Records} minutes stored in {Elapsed:0.0} s",
            device.Label, result.BatchesStored, result.RecordsStored, result.Elapsed.TotalSeconds);
    }

    private async Task<HistoryDownloadResult> DownloadAsync(TrackedDevice device, BlueZUartLink link, CancellationToken cancellationToken)
    {
        // Connecting took time: make sure HST still goes out inside the safe part of the minute.
        await WaitForRequestWindowAsync(cancellationToken).ConfigureAwait(false);
        HistorySessionOptions o = _options.History.Session;
        var session = new HistorySession(new HistorySessionOptions
        {
            FirstReplyTimeout = o.FirstReplyTimeout,
            BetweenBatchesTimeout = o.BetweenBatchesTimeout,
            EndAtNewestRecord = o.EndAtNewestRecord,
            NewestRecordSilence = o.NewestRecordSilence,
            BetweenPacketsTimeout = o.BetweenPacketsTimeout,
            PersistWarningThreshold = o.PersistWarningThreshold,
            FutureTolerance = o.FutureTolerance,
            Acknowledge = _options.History.Acknowledge,
        }, _time, _loggers.CreateLogger<HistorySession>());
        _logger.LogDebug("Downloading history of {Device} (MTU {Mtu})", device.Label, link.Mtu);
        HistoryDownloadResult result = await session.RunAsync(link, (batch, _) => PersistAsync(device, batch), null, cancellationToken).ConfigureAwait(false);
        // The hold limit (or shutdown) cancelled us: surface it so the timeout is recognised as such.
        if (result.Outcome == HistoryOutcome.Cancelled)
            cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary>
    /// One GATT read of the live characteristics while connected anyway: discovery is paused during the visit, so
    /// this keeps the minute covered, with the GATT's finer precision (PM and T in hundredths). Never fails a visit.
    /// </summary>
    private async Task ReadLiveOnceAsync(TrackedDevice device, AtmotubeConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyDictionary<string, byte[]> raw = await connection.ReadLiveAsync(cancellationToken).ConfigureAwait(false);
            VocReading? voc = Decode(raw, AtmotubeUuids.Voc, GattDecoder.DecodeVoc);
            Bme280Reading? bme280 = Decode(raw, AtmotubeUuids.Bme280, GattDecoder.DecodeBme280);
            PmReading? pm = Decode(raw, AtmotubeUuids.Pm, GattDecoder.DecodePm);
            StatusReading? status = Decode(raw, AtmotubeUuids.Status, GattDecoder.DecodeStatus);
            LiveValues values = LiveValues.FromGatt(voc, bme280, pm, status);
            lock (_averagerLock)
                _averager.Add(device.Address, _time.GetUtcNow(), values);
            _status.CountGattRead();
        }
        catch (BlueZException e)
        {
            _logger.LogDebug("Live GATT read of {Device} skipped: {Message}", device.Label, e.Message);
        }
    }

    private delegate GattResult<T> GattDecode<T>(ReadOnlySpan<byte> value) where T : struct;

    private static T? Decode<T>(IReadOnlyDictionary<string, byte[]> raw, string uuid, GattDecode<T> decode) where T : struct =>
        raw.TryGetValue(uuid, out byte[]? bytes) && decode(bytes) is { IsDecoded: true } result ? result.Value : null;

    /// <summary>Persist before acknowledge: returns only after the store committed; a throw means "do not acknowledge".</summary>
    private Task PersistAsync(TrackedDevice device, HistoryBatch batch)
    {
        MinuteRecord[] records = [.. batch.ToMinuteRecords(device.Address).Select(device.Decorate)];
        WriteResult result = _store.Write(records);
        DateTimeOffset now = _time.GetUtcNow();
        _status.CountBatch(records.Length);
        _status.Progress(now);
        _logger.LogDebug("{Device} batch {Sequence}: {Count} minutes from {First:u}: {Inserted} new, {Replaced} replaced live, {Unchanged} unchanged, {Shifted} re-sent copies, {Disagreements} disagreements",
            device.Label, batch.Sequence, records.Length, batch.FirstRecordTime, result.Inserted, result.Replaced, result.Unchanged, result.ShiftedDuplicates, result.Disagreements.Count);
        return Task.CompletedTask;
    }

    /// <summary>Waits until the second of the minute lies in the HST window (see HistoryOptions.RequestWindowStartSecond).</summary>
    private async Task WaitForRequestWindowAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        TimeSpan intoMinute = now - new DateTimeOffset(MinuteTime.Floor(now), TimeSpan.Zero);
        TimeSpan start = TimeSpan.FromSeconds(_options.History.RequestWindowStartSecond);
        TimeSpan end = TimeSpan.FromSeconds(_options.History.RequestWindowEndSecond);
        if (intoMinute >= start && intoMinute < end)
            return;
        TimeSpan wait = intoMinute < start ? start - intoMinute : TimeSpan.FromMinutes(1) - intoMinute + start;
        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
    }
}
