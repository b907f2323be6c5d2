using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Collector.Devices;
using Atmo.Collector.Status;
using Atmo.Core;
using Microsoft.Extensions.Logging;

namespace Atmo.Collector.Hosting;

// Live minutes: decoded advertisements averaged per device per UTC minute, closed when the minute ends and written
// together every Ble:LiveWriteInterval (one commit for many minutes spares the SD card; history replaces them anyway).
public sealed partial class BluetoothCollector
{
    private readonly List<MinuteRecord> _closedLive = []; // closed, not yet written, oldest first; guarded by _averagerLock
    private DateTimeOffset? _lastAdvertisement;
    private bool _clockRefusalLogged;

    private async Task ObserveAdvertisementsAsync(CancellationToken cancellationToken)
    {
        await foreach (AdvertisementObservation observation in _central!.ObserveAdvertisementsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                OnAdvertisement(observation);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One odd packet must not stop collection.
                _logger.LogWarning("Advertisement of {Address} ignored: {Message}", observation.Address, e.Message);
            }
        }
    }

    internal void OnAdvertisement(AdvertisementObservation observation)
    {
        if (observation.ManufacturerData.Count == 0)
            return; // An RSSI-only update: no values.
        AdvertisementDecodeResult result = AdvertisementDecoder.Decode(new DeviceAdvertisement(
            observation.Address, observation.Name, observation.Uuids, observation.ManufacturerData, observation.Rssi));
        if (result.Status != AdvertisementStatus.Decoded)
            return; // Not an Atmotube (0xFFFF is shared), a DFU name, or implausible values.
        MacAddress address = observation.Address;
        if (!_configured.ContainsKey(address) && !_options.EffectiveAutoDiscover)
            return;

        TrackedDevice device = Track(address);
        DateTimeOffset time = observation.Time;
        _lastAdvertisement = time;
        if (device.Heard(time, _options.Ble.AbsenceThreshold))
            _logger.LogInformation("{Device} is in range; its history is downloaded next", device.Label);
        AtmotubeAdvertisement decoded = result.Advertisement!;
        _status.UpdateDevice(address, s => s with
        {
            LastAdvertisement = time,
            Firmware = decoded.Pm?.Firmware ?? s.Firmware,
            BatteryPercent = decoded.Base?.BatteryPercent ?? s.BatteryPercent,
            Rssi = decoded.Rssi ?? s.Rssi,
        });
        _status.CountAdvertisement();
        _status.Progress(time);

        LiveValues values = LiveValues.FromAdvertisement(result.Advertisement!);
        lock (_averagerLock)
            _averager.Add(address, time, values);
    }

    private async Task CloseMinutesAsync(CancellationToken cancellationToken)
    {
        TimeSpan grace = _options.Ble.MinuteCloseGrace;
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
    /// has waited <see cref="Options.BleOptions.LiveWriteInterval"/> since it closed (or at once when
    /// <paramref name="flush"/>). Never throws.
    /// </summary>
    private void WriteClosedMinutes(DateTimeOffset now, bool flush = false)
    {
        TimeSpan grace = _options.Ble.MinuteCloseGrace;
        List<MinuteRecord> records;
        lock (_averagerLock)
        {
            _closedLive.AddRange(_averager.CloseBefore(MinuteTime.Floor(now - grace), Decorate));
            if (_closedLive.Count == 0)
                return;
            // Measured from the minute's end, not from when the loop saw it, so timer jitter cannot add a minute.
            DateTimeOffset oldestClosed = new DateTimeOffset(_closedLive[0].Time, TimeSpan.Zero).AddMinutes(1) + grace;
            if (!flush && now < oldestClosed + _options.Ble.LiveWriteInterval)
                return;
            records = [.. _closedLive];
            _closedLive.Clear();
        }

        try
        {
            ClockSanity clock = CheckClock(now);
            if (!clock.Sane)
            {
                // Minutes stamped by a clock that went back would land on wrong times: drop them.
                _status.CountLiveMinutes(0, records.Count);
                if (!_clockRefusalLogged)
                    _logger.LogWarning("Live minutes are not stored: {Reason}", clock.Reason);
                _clockRefusalLogged = true;
                return;
            }

            _clockRefusalLogged = false;
            WriteResult result = _store.Write(records);
            _status.CountLiveMinutes(records.Count, 0);
            _status.Progress(now);
            _logger.LogDebug("Stored {Count} live minutes ({Inserted} new, {Unchanged} kept history)", records.Count, result.Inserted, result.Unchanged);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _status.CountLiveMinutes(0, records.Count);
            Fail($"Could not store {records.Count} live minutes: {e.Message}. Check the disk (space, permissions, 'dmesg' for I/O errors).");
        }
    }

    private MinuteRecord Decorate(MacAddress address, MinuteRecord record) =>
        _devices.TryGetValue(address, out TrackedDevice? device) ? device.Decorate(record) : record;

    private ClockSanity CheckClock(DateTimeOffset now)
    {
        ClockSanity clock = ClockCheck.Evaluate(now, _store.NewestMinute(), NotBefore);
        _status.SetClock(clock);
        return clock;
    }
}
