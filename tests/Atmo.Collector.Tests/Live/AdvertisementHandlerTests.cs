using Atmo.Ble.Devices;
using Atmo.Collector.Devices;
using Atmo.Collector.Live;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Collector.Tests.Support;
using Atmo.Core;
using Atmo.Core.TimeBase;
using Atmo.Simulator.Devices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Collector.Tests.Live;

public sealed class AdvertisementHandlerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly MacAddress Configured = MacAddress.Parse("C2:2B:4F:11:22:33");
    private static readonly MacAddress Stranger = MacAddress.Parse("C2:2B:4F:11:22:44");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly CollectorStatus _status = new();
    private readonly FakeLogger<AdvertisementHandler> _logger = new();
    private readonly TemporaryStore _store;

    public AdvertisementHandlerTests() => _store = new TemporaryStore(_time);

    public void Dispose() => _store.Dispose();

    /// <summary>A handler for one configured device; <paramref name="autoDiscover"/> null = the default (off, as a device is configured).</summary>
    private (AdvertisementHandler Handler, DeviceRegistry Devices, LiveMinuteWriter Live) Handler(bool? autoDiscover = null)
    {
        var options = new CollectorOptions { Devices = [new DeviceOptions { Mac = Configured.ToString() }], Ble = { AutoDiscover = autoDiscover } };
        var devices = new DeviceRegistry(options.DevicesByAddress(), _status);
        var live = new LiveMinuteWriter(options.Ble, _store.Store, new ClockGuard(StoreParts.Require<IClockEvidence>(_store.Store), _status, Start.AddYears(-1)), _status, devices.Decorate, _time, NullLogger<LiveMinuteWriter>.Instance);
        return (new AdvertisementHandler(options, devices, live, _status, _logger), devices, live);
    }

    /// <summary>A base advertisement as an Atmotube PRO sends it (encoded by the emulator, independently of our decoder).</summary>
    private static AdvertisementObservation Advertisement(MacAddress address, DateTimeOffset time, string? name = "ATMOTUBE", double temperature = 21)
    {
        var values = new LiveValues(VocPpb: 217, DeviceId: 0xF498, HumidityPercent: 43, TemperatureC: temperature, PressurePa: 101319, Info: 0x41, BatteryPercent: 53, PmOn: false, Pm1: 0, Pm25: 0, Pm10: 0);
        return new AdvertisementObservation(address, name, [], new Dictionary<ushort, byte[]> { [0xFFFF] = AtmotubeEncoding.AdvertisingBase(values) }, -60, time);
    }

    [Fact]
    public void A_configured_device_is_tracked_and_its_values_join_the_live_minute()
    {
        var (handler, devices, live) = Handler();

        handler.Handle(Advertisement(Configured, Start.AddSeconds(10), temperature: 20));
        handler.Handle(Advertisement(Configured, Start.AddSeconds(20), temperature: 22));

        Assert.True(devices.IsTracked(Configured));
        Assert.Equal(Start.AddSeconds(20), handler.LastAdvertisement);
        DeviceState state = Assert.IsType<DeviceState>(_status.Device(Configured));
        Assert.Equal((Start.AddSeconds(20), 53, (int?)-60), (state.LastAdvertisement, state.BatteryPercent, state.Rssi));
        Assert.Equal(2, _status.Counters.Advertisements);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Message == $"{Configured} is in range; its history is downloaded next");

        live.WriteClosedMinutes(Start.AddMinutes(1).AddSeconds(2), flush: true);
        MinuteRecord minute = Assert.Single(_store.Store.Query(new MinuteQuery(Configured, Start.UtcDateTime, Start.UtcDateTime.AddHours(1), SortOrder.Ascending)).Items);
        Assert.Equal(21, minute.T);
    }

    [Theory]
    [InlineData(null, false)] // devices are configured: auto-discovery is off unless asked for
    [InlineData(true, true)]
    public void Another_Atmotube_is_collected_only_with_auto_discovery(bool? autoDiscover, bool collected)
    {
        var (handler, devices, _) = Handler(autoDiscover);

        // Adoption: three plausible advertisements over at least a minute (AdoptionRule).
        handler.Handle(Advertisement(Stranger, Start));
        handler.Handle(Advertisement(Stranger, Start.AddSeconds(30)));
        handler.Handle(Advertisement(Stranger, Start.AddSeconds(59)));
        Assert.False(devices.IsTracked(Stranger), "three advertisements within a minute are not enough");
        Assert.Null(_status.Device(Stranger));
        handler.Handle(Advertisement(Stranger, Start.AddSeconds(60)));

        Assert.Equal(collected, devices.IsTracked(Stranger));
        Assert.Equal(collected, _status.Device(Stranger) is not null);
        Assert.Equal(collected ? 1 : 0, _status.Counters.Advertisements);   // only the adopted device's
    }

    [Fact]
    public void A_stranger_whose_advertisements_drop_a_value_is_not_adopted_a_configured_device_keeps_its_other_values()
    {
        var (handler, devices, live) = Handler(autoDiscover: true);

        // 120 °C is outside the shared limits: the decoder drops the temperature and keeps the rest of the packet.
        for (int i = 0; i <= 4; i++)
            handler.Handle(Advertisement(Stranger, Start.AddSeconds(30 * i), temperature: 120));
        handler.Handle(Advertisement(Configured, Start.AddSeconds(10), temperature: 120));

        Assert.False(devices.IsTracked(Stranger), "only advertisements with no value dropped count towards adoption");
        Assert.Equal(0, devices.Candidates);
        Assert.True(devices.IsTracked(Configured));
        live.WriteClosedMinutes(Start.AddMinutes(1).AddSeconds(2), flush: true);
        MinuteRecord minute = Assert.Single(_store.Store.Query(new MinuteQuery(Configured, Start.UtcDateTime, Start.UtcDateTime.AddHours(1), SortOrder.Ascending)).Items);
        Assert.Equal((null, 43.0), (minute.T, minute.H));
    }

    [Fact]
    public void What_is_not_an_Atmotube_or_carries_no_values_is_ignored()
    {
        var (handler, devices, _) = Handler(autoDiscover: true);

        handler.Handle(Advertisement(Stranger, Start, name: "SOMETHING ELSE")); // company 0xFFFF alone is not enough
        handler.Handle(Advertisement(Configured, Start) with { ManufacturerData = new Dictionary<ushort, byte[]>() }); // an RSSI update

        Assert.Empty(devices.Tracked);
        Assert.Null(handler.LastAdvertisement);
        Assert.Equal(0, _status.Counters.Advertisements);
    }
}
