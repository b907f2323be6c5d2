using Atmo.Ble.Protocol;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Microsoft.Extensions.Logging;

namespace Atmo.Collector.Live;

/// <summary>
/// Live minutes: samples (advertisements, GATT reads) averaged per device per UTC minute, closed when the minute
/// ended <see cref="BleOptions.MinuteCloseGrace"/> ago and then held in memory (<see cref="UnstoredLiveMinutes"/>,
/// where the API finds them). The device's history replaces them (<see cref="HistoryStored"/>), so most are never
/// written: the SD card's wear budget (docs/storage.md). Once the oldest held minute waited
/// <see cref="BleOptions.LiveWriteInterval"/>, every held minute is written in one commit, and at stop. A write that
/// fails keeps them in memory (up to <see cref="BleOptions.UnstoredLiveLimit"/>) for the next round. Nothing is
/// kept while the clock is implausible (<see cref="ClockGuard"/>). Thread-safe.
/// </summary>
internal sealed partial class LiveMinuteWriter
{
    /// <summary>While writes fail, how often the held minutes are tried again (not only when the next minute closes).</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(15);

    private readonly BleOptions _options;
    private readonly IMinuteStore _store;
    private readonly ClockGuard _clock;
    private readonly CollectorStatus _status;
    private readonly Func<MacAddress, MinuteRecord, MinuteRecord> _decorate;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly UnstoredLiveMinutes _unstored;
    private readonly Lock _sync = new();
    private readonly Lock _writing = new();
    private readonly MinuteAverager _averager = new(); // guarded by _sync
    private bool _clockRefusalLogged;
    private volatile bool _failing;

    /// <param name="decorate">Completes a closed minute of a device (its configured position).</param>
    /// <param name="unstored">Where closed minutes wait (shared with the API); null: a private one of <see cref="BleOptions.UnstoredLiveLimit"/>.</param>
    public LiveMinuteWriter(
        BleOptions options, IMinuteStore store, ClockGuard clock, CollectorStatus status,
        Func<MacAddress, MinuteRecord, MinuteRecord> decorate, TimeProvider time, ILogger logger, UnstoredLiveMinutes? unstored = null)
    {
        _options = options;
        _store = store;
        _clock = clock;
        _status = status;
        _decorate = decorate;
        _time = time;
        _logger = logger;
        _unstored = unstored ?? new UnstoredLiveMinutes(options.UnstoredLiveLimit);
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
            if (_failing && delay > RetryInterval)
                delay = RetryInterval;
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The device's history for <paramref name="records"/> was stored: its live minutes at those times are no longer
    /// needed (history outranks live). Not after a shifted re-send, whose records were not stored at their own times.
    /// </summary>
    public void HistoryStored(MacAddress device, IReadOnlyCollection<MinuteRecord> records, WriteResult result)
    {
        if (result.ShiftedDuplicates == 0)
            _unstored.Superseded(device, records.Select(record => record.Time));
    }

    /// <summary>
    /// Closes every minute that ended at least the grace period ago, and writes the held minutes once the oldest has
    /// waited <see cref="BleOptions.LiveWriteInterval"/> since it closed, when more than
    /// <see cref="BleOptions.UnstoredLiveLimit"/> are held, or at once when <paramref name="flush"/>. Never throws.
    /// </summary>
    public void WriteClosedMinutes(DateTimeOffset now, bool flush = false)
    {
        TimeSpan grace = _options.MinuteCloseGrace;
        List<MinuteRecord> closed;
        lock (_sync)
            closed = [.. _averager.CloseBefore(MinuteTime.Floor(now - grace), _decorate)];
        if (closed.Count > 0)
            Hold(closed, now);

        lock (_writing)
        {
            // Measured from the minute's end, not from when the loop saw it, so timer jitter cannot add a minute.
            DateTime? oldest = _unstored.Oldest();
            if (oldest is null)
                return;
            DateTimeOffset oldestClosed = new DateTimeOffset(oldest.Value, TimeSpan.Zero).AddMinutes(1) + grace;
            if (!flush && now < oldestClosed + _options.LiveWriteInterval && _unstored.Count <= _unstored.Limit)
                return;
            Write(_unstored.All(), now);
        }
    }

    private void Hold(List<MinuteRecord> closed, DateTimeOffset now)
    {
        ClockSanity clock = _clock.Check(now);
        if (!clock.Sane)
        {
            // Minutes stamped by a clock that went back would land on wrong times: drop them.
            _status.CountLiveMinutes(0, closed.Count);
            if (!_clockRefusalLogged)
                LogClockRefusal(clock.Reason);
            _clockRefusalLogged = true;
            return;
        }

        _clockRefusalLogged = false;
        // The API serves held minutes before the store's gate sees them: drop what the gate would drop (GATT readings
        // are not judged on their way in, advertisements are), so memory and the store never show different values.
        _unstored.Add(closed.Select(minute => PlausibleValues.Without(minute, PlausibleValues.Implausible(minute))));
        _status.Progress(now);
    }

    private void Write(List<MinuteRecord> records, DateTimeOffset now)
    {
        try
        {
            WriteResult result;
            try
            {
                result = _store.Write(records);
            }
            catch (ArgumentException)
            {
                // A record the store refuses must not cost the other devices their minutes.
                result = WriteEachDevice(records);
            }

            _unstored.Stored(records);
            _status.CountLiveMinutes(records.Count, 0);
            _status.Progress(now);
            _failing = false;
            LogStored(records.Count, result.Inserted, result.Unchanged);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            int dropped = _unstored.DropBeyondLimit();
            _status.CountLiveMinutes(0, dropped);
            _status.Fail(_logger, _time.GetUtcNow(),
                $"Could not store {records.Count} live minutes: {e.Message}. They stay in memory ({_unstored.Count} held, at most {_unstored.Limit}; {dropped} oldest dropped) and are written once the store works again; the devices' history restores any dropped.");
            if (!_failing)
                LogHeldWhileFailing(records.Count, _unstored.Limit);
            _failing = true;
        }
    }

    private WriteResult WriteEachDevice(List<MinuteRecord> records)
    {
        int inserted = 0, unchanged = 0;
        foreach (IGrouping<MacAddress, MinuteRecord> device in records.GroupBy(record => record.Device))
        {
            try
            {
                WriteResult result = _store.Write([.. device]);
                inserted += result.Inserted;
                unchanged += result.Unchanged;
            }
            catch (ArgumentException e)
            {
                _status.CountLiveMinutes(0, device.Count());
                LogRefused(device.Key.ToString(), device.Count(), e.Message);
            }
        }

        return new WriteResult(inserted, 0, unchanged, 0, []);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live minutes are not stored: {Reason}")]
    private partial void LogClockRefusal(string? reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored {Count} live minutes ({Inserted} new, {Unchanged} kept history)")]
    private partial void LogStored(int count, int inserted, int unchanged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store refused the {Count} live minutes of {Device}: {Reason}; they are dropped, the other devices' are stored")]
    private partial void LogRefused(string device, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} live minutes could not be stored; holding them in memory (at most {Limit}) until the store works again")]
    private partial void LogHeldWhileFailing(int count, int limit);
}
