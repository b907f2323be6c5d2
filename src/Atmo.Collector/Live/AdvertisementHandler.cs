using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Collector.Devices;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Core;
using Microsoft.Extensions.Logging;

namespace Atmo.Collector.Live;

/// <summary>
/// What discovery hears: decodes each advertisement, keeps Atmotube PRO units that are configured (or, when
/// auto-discovery is on, those the <see cref="DeviceRegistry"/> adopts), notes their presence and passes their values
/// to the live minutes.
/// </summary>
internal sealed partial class AdvertisementHandler
{
    private readonly CollectorOptions _options;
    private readonly DeviceRegistry _devices;
    private readonly LiveMinuteWriter _live;
    private readonly CollectorStatus _status;
    private readonly ILogger _logger;
    private long _lastAdvertisementTicks = long.MinValue;

    public AdvertisementHandler(CollectorOptions options, DeviceRegistry devices, LiveMinuteWriter live, CollectorStatus status, ILogger logger)
    {
        _options = options;
        _devices = devices;
        _live = live;
        _status = status;
        _logger = logger;
    }

    /// <summary>When the last advertisement of a collected device was heard; null before the first.</summary>
    public DateTimeOffset? LastAdvertisement
    {
        get
        {
            long ticks = Interlocked.Read(ref _lastAdvertisementTicks);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Handles every advertisement the central observes, until cancelled.</summary>
    public async Task RunAsync(AtmotubeCentral central, CancellationToken cancellationToken)
    {
        await foreach (AdvertisementObservation observation in central.ObserveAdvertisementsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                Handle(observation);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One odd packet must not stop collection.
                LogIgnored(observation.Address, e.Message);
            }
        }
    }

    public void Handle(AdvertisementObservation observation)
    {
        if (observation.ManufacturerData.Count == 0)
            return; // An RSSI-only update: no values.
        AdvertisementDecodeResult result = AdvertisementDecoder.Decode(new DeviceAdvertisement(
            observation.Address, observation.Name, observation.Uuids, observation.ManufacturerData, observation.Rssi));
        if (result.Status != AdvertisementStatus.Decoded)
            return; // Not an Atmotube (0xFFFF is shared) or a DFU name.
        MacAddress address = observation.Address;
        if (!_devices.IsConfigured(address) && !_options.EffectiveAutoDiscover)
            return;

        DateTimeOffset time = observation.Time;
        AtmotubeAdvertisement decoded = result.Advertisement!;
        // Nothing of a stranger is kept before it is adopted (AdoptionRule, Ble:MaxAutoDiscovered), and only an
        // advertisement with no value dropped counts towards that; a tracked device keeps its plausible values.
        if (_devices.Sighted(address, time, plausible: decoded.Dropped.Count == 0) is not { } device)
            return;
        Interlocked.Exchange(ref _lastAdvertisementTicks, time.UtcTicks);
        if (device.Heard(time, _options.Ble.AbsenceThreshold))
            LogInRange(device.Label);
        _status.UpdateDevice(address, s => s with
        {
            LastAdvertisement = time,
            Firmware = decoded.Pm?.Firmware ?? s.Firmware,
            BatteryPercent = decoded.Base?.BatteryPercent ?? s.BatteryPercent,
            Rssi = decoded.Rssi ?? s.Rssi,
        });
        _status.CountAdvertisement();
        _status.Progress(time);
        _live.Add(address, time, LiveSample.FromAdvertisement(decoded));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Advertisement of {Address} ignored: {Message}")]
    private partial void LogIgnored(MacAddress address, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Device} is in range; its history is downloaded next")]
    private partial void LogInRange(string device);
}
