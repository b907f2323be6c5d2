using Atmo.Ble.Protocol;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Core;
using Microsoft.Extensions.Logging;

namespace Atmo.Collector.Live;

/// <summary>
/// Live minutes: samples (advertisements, GATT reads) averaged per device per UTC minute, closed when the minute
/// ended <see cref="BleOptions.MinuteCloseGrace"/> ago, and written together once the oldest closed minute waited
/// <see cref="BleOptions.LiveWriteInterval"/> (one commit for many minutes spares the SD card; history replaces
/// them anyway). Nothing is written while the clock is implausible (<see cref="ClockGuard"/>). Thread-safe.
/// </summary>
internal sealed partial class LiveMinuteWriter
{
    private readonly BleOptions _options;
    private readonly IMinuteStore _store;
    private readonly ClockGuard _clock;
    private readonly CollectorStatus _status;
    private readonly Func<MacAddress, MinuteRecord, MinuteRecord> _decorate;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _sync = new();
    private readonly MinuteAverager _averager = new(); // guarded by _sync
    private readonly List<MinuteRecord> _closed = []; // closed, not yet written, oldest first; guarded by _sync
    private bool _clockRefusalLogged;

    /// <param name="decorate">Completes a closed minute of a device (its configured position).</param>
    public LiveMinuteWriter(
        BleOptions options, IMinuteStore store, ClockGuard clock, CollectorStatus status,
        Func<MacAddress, MinuteRecord, MinuteRecord> decorate, TimeProvider time, ILogger logger)
    {
        _options = options;
        _store = store;
        _clock = clock;
        _status = status;
        _decorate = decorate;
        _time = time;
        _logger = logger;
    }

    /// <summary>One sample of a device at <paramref name="time"/>.</summary>
    /// <returns>False when its minute is already closed (the sample is dropped).</returns>
    public bool Add(MacAddress device, DateTimeOffset time, LiveSample values)
    {
        lock (_sync)
            return _averager.Add(device, time, values);
    }

    /// <summary>Closes minutes as they end and writes them when due, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        TimeSpan grace = _options.MinuteCloseGrace;
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset now = _time.GetUtcNow();
            DateTime closeBefore = MinuteTime.Floor(now - grace);
            WriteClosedMinutes(now);
            DateTimeOffset next = new DateTimeOffset(closeBefore, TimeSpan.Zero).AddMinutes(1) + grace;
            TimeSpan delay = next - _time.GetUtcNow();
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Closes every minute that ended at least the grace period ago, and writes the closed minutes once the oldest
    /// has waited <see cref="BleOptions.LiveWriteInterval"/> since it closed (or at once when
    /// <paramref name="flush"/>). Never throws.
    /// </summary>
    public void WriteClosedMinutes(DateTimeOffset now, bool flush = false)
    {
        TimeSpan grace = _options.MinuteCloseGrace;
        List<MinuteRecord> records;
        lock (_sync)
        {
            _closed.AddRange(_averager.CloseBefore(MinuteTime.Floor(now - grace), _decorate));
            if (_closed.Count == 0)
                return;
            // Measured from the minute's end, not from when the loop saw it, so timer jitter cannot add a minute.
            DateTimeOffset oldestClosed = new DateTimeOffset(_closed[0].Time, TimeSpan.Zero).AddMinutes(1) + grace;
            if (!flush && now < oldestClosed + _options.LiveWriteInterval)
                return;
            records = [.. _closed];
            _closed.Clear();
        }

        try
        {
            ClockSanity clock = _clock.Check(now);
            if (!clock.Sane)
            {
                // Minutes stamped by a clock that went back would land on wrong times: drop them.
                _status.CountLiveMinutes(0, records.Count);
                if (!_clockRefusalLogged)
                    LogClockRefusal(clock.Reason);
                _clockRefusalLogged = true;
                return;
            }

            _clockRefusalLogged = false;
            WriteResult result = _store.Write(records);
            _status.CountLiveMinutes(records.Count, 0);
            _status.Progress(now);
            LogStored(records.Count, result.Inserted, result.Unchanged);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _status.CountLiveMinutes(0, records.Count);
            _status.Fail(_logger, _time.GetUtcNow(), $"Could not store {records.Count} live minutes: {e.Message}. Check the disk (space, permissions, 'dmesg' for I/O errors).");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live minutes are not stored: {Reason}")]
    private partial void LogClockRefusal(string? reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored {Count} live minutes ({Inserted} new, {Unchanged} kept history)")]
    private partial void LogStored(int count, int inserted, int unchanged);
}
