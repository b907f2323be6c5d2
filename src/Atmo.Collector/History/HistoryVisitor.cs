using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Collector.Devices;
using Atmo.Collector.Live;
using Atmo.Collector.Options;
using Atmo.Collector.Radio;
using Atmo.Collector.Status;
using Atmo.Core;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace Atmo.Collector.History;

/// <summary>
/// One visit to a device: take the radio, pause discovery, connect, read the live characteristics once, download
/// the history over UART (persist before acknowledge), disconnect, resume discovery. When to visit is the
/// <see cref="HistoryWorker"/>'s decision; who goes first is the <see cref="RadioArbiter"/>'s.
/// </summary>
internal sealed partial class HistoryVisitor
{
    private readonly CollectorOptions _options;
    private readonly AtmotubeCentral _central;
    private readonly ScanControl _scan;
    private readonly RadioArbiter _radio;
    private readonly DeviceRegistry _devices;
    private readonly LiveMinuteWriter _live;
    private readonly HistoryTimeBase _timeBase;
    private readonly CollectorStatus _status;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    public HistoryVisitor(
        CollectorOptions options, AtmotubeCentral central, ScanControl scan, RadioArbiter radio, DeviceRegistry devices,
        LiveMinuteWriter live, HistoryTimeBase timeBase, CollectorStatus status, TimeProvider time, ILoggerFactory loggers, ILogger logger)
    {
        _options = options;
        _central = central;
        _scan = scan;
        _radio = radio;
        _devices = devices;
        _live = live;
        _timeBase = timeBase;
        _status = status;
        _time = time;
        _loggers = loggers;
        _logger = logger;
    }

    /// <summary>Visits the device once. Throws when the download did not complete (the batch in flight stays on the device).</summary>
    public async Task VisitAsync(TrackedDevice device, CancellationToken cancellationToken)
    {
        await WaitForRequestWindowAsync(cancellationToken).ConfigureAwait(false);
        using RadioLease lease = await _radio.AcquireAsync(
            device.Address, RadioPolicy.Priority(device.Configured is not null, device.Proven, device.ConsecutiveFailures), cancellationToken).ConfigureAwait(false);
        await _scan.PauseAsync(cancellationToken).ConfigureAwait(false);
        long pausedAt = _time.GetTimestamp();
        _status.UpdateAdapter(s => s with { PausedForConnection = true, Scanning = false });
        HistoryDownloadResult result;
        TimeSpan firstHold = RadioPolicy.FirstHold(device.Proven, _options.Ble);
        using var hold = new CancellationTokenSource(firstHold, _time);
        using var visit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, hold.Token);
        // An unproven device that delivers its first batch is a working unit: it gets the full hold for its backlog.
        bool extended = firstHold >= _options.Ble.MaxConnectionHold;
        void BatchStored()
        {
            if (extended)
                return;
            extended = true;
            TimeSpan left = _options.Ble.MaxConnectionHold - _time.GetElapsedTime(pausedAt);
            hold.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        try
        {
            await using AtmotubeConnection connection = await _central.ConnectAsync(device.Address, visit.Token).ConfigureAwait(false);
            await ReadLiveOnceAsync(device, connection, visit.Token).ConfigureAwait(false);
            await using BlueZUartLink link = await connection.OpenUartAsync(visit.Token).ConfigureAwait(false);
            result = await DownloadAsync(device, link, BatchStored, visit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (hold.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutRejectedException(
                $"held the radio for {_time.GetElapsedTime(pausedAt).TotalSeconds:0} s, its limit ({(extended ? "Ble:MaxConnectionHold" : "Ble:FailingDeviceHold, no batch stored yet")}); the batch in flight stays on the device");
        }
        finally
        {
            await _scan.ResumeAsync(_time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            _devices.DiscoveryPaused(_time.GetElapsedTime(pausedAt));
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
        LogCompleted(device.Label, result.BatchesStored, result.RecordsStored, result.Elapsed.TotalSeconds);
    }

    /// <param name="batchStored">Called after each batch is stored.</param>
    private async Task<HistoryDownloadResult> DownloadAsync(TrackedDevice device, BlueZUartLink link, Action batchStored, CancellationToken cancellationToken)
    {
        // Connecting took time: make sure HST still goes out inside the safe part of the minute.
        await WaitForRequestWindowAsync(cancellationToken).ConfigureAwait(false);
        var session = new HistorySession(
            _options.History.Session with { Acknowledge = _options.History.Acknowledge }, _time, _loggers.CreateLogger<HistorySession>());
        LogDownloading(device.Label, link.Mtu);
        TimeBaseVisit visit = _timeBase.Begin(device.Address);
        HistoryDownloadResult result = await session.RunAsync(link, (batch, _) =>
        {
            Persist(device, batch, visit);
            batchStored();
            return Task.CompletedTask;
        }, null, cancellationToken).ConfigureAwait(false);
        _timeBase.Finish(device.Address, device.Label, result, _options.History.Acknowledge, visit);
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
            _live.Add(device.Address, _time.GetUtcNow(), LiveSample.FromGatt(voc, bme280, pm, status));
            _status.CountGattRead();
        }
        catch (BlueZException e)
        {
            LogGattReadSkipped(device.Label, e.Message);
        }
    }

    private delegate GattResult<T> GattDecode<T>(ReadOnlySpan<byte> value) where T : struct;

    private static T? Decode<T>(IReadOnlyDictionary<string, byte[]> raw, string uuid, GattDecode<T> decode) where T : struct =>
        raw.TryGetValue(uuid, out byte[]? bytes) && decode(bytes) is { IsDecoded: true } result ? result.Value : null;

    /// <summary>
    /// Persist before acknowledge: returns only after the store (or the quarantine, see <see cref="HistoryTimeBase"/>)
    /// committed; a throw means "do not acknowledge".
    /// </summary>
    private void Persist(TrackedDevice device, HistoryBatch batch, TimeBaseVisit visit)
    {
        MinuteRecord[] records = [.. batch.ToMinuteRecords(device.Address).Select(device.Decorate)];
        WriteResult? result = _timeBase.Persist(device.Address, device.Label, batch, records, visit);
        DateTimeOffset now = _time.GetUtcNow();
        _status.CountBatch(records.Length);
        _status.Progress(now);
        if (result is null)
            LogBatchQuarantined(device.Label, batch.Sequence, records.Length, batch.FirstRecordTime);
        else
            LogBatchStored(device.Label, batch.Sequence, records.Length, batch.FirstRecordTime, result.Inserted, result.Replaced, result.Unchanged, result.ShiftedDuplicates, result.Disagreements.Count);
    }

    /// <summary>Waits until the second of the minute lies in the HST window (see HistoryOptions.RequestWindowStartSecond).</summary>
    private async Task WaitForRequestWindowAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        TimeSpan intoMinute = now - new DateTimeOffset(MinuteTime.Floor(now), TimeSpan.Zero);
        var start = TimeSpan.FromSeconds(_options.History.RequestWindowStartSecond);
        var end = TimeSpan.FromSeconds(_options.History.RequestWindowEndSecond);
        if (intoMinute >= start && intoMinute < end)
            return;
        TimeSpan wait = intoMinute < start ? start - intoMinute : TimeSpan.FromMinutes(1) - intoMinute + start;
        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "History of {Device}: {Batches} batches, {Records} minutes stored in {Elapsed:0.0} s")]
    private partial void LogCompleted(string device, int batches, int records, double elapsed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Downloading history of {Device} (MTU {Mtu})")]
    private partial void LogDownloading(string device, int? mtu);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live GATT read of {Device} skipped: {Message}")]
    private partial void LogGattReadSkipped(string device, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Device} batch {Sequence}: {Count} minutes from {First:u} (device time) quarantined")]
    private partial void LogBatchQuarantined(string device, int sequence, int count, DateTimeOffset first);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Device} batch {Sequence}: {Count} minutes from {First:u}: {Inserted} new, {Replaced} replaced live, {Unchanged} unchanged, {Shifted} re-sent copies, {Disagreements} disagreements")]
    private partial void LogBatchStored(string device, int sequence, int count, DateTimeOffset first, int inserted, int replaced, int unchanged, int shifted, int disagreements);
}
