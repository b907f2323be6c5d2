using Atmo.Ble.Protocol;
using Atmo.Core;

namespace Atmo.Ble.Tests.Protocol;

public sealed class LiveSampleTests
{
    private static readonly MacAddress Device = MacAddress.Parse("EA:4D:01:02:03:04");

    [Fact]
    public void A1_advertisement_maps_to_stored_units()
    {
        var advertisement = new AtmotubeAdvertisement(
            Device, -60,
            new AdvertisedBase(217, 0xF498, 43, 25, 101_319, AtmotubeInfo.PmOn | AtmotubeInfo.VocReady, 53),
            new AdvertisedPm(4, 5, 6, "74051B"));

        var values = LiveSample.FromAdvertisement(advertisement);

        Assert.Equal(new LiveSample(0.217, 4, 5, 6, 25, 43, 1013.19), values);
    }

    [Fact]
    public void Voc_is_dropped_while_the_sensor_preheats_and_pm_is_missing_without_a_scan_response()
    {
        var advertisement = new AtmotubeAdvertisement(Device, null, new AdvertisedBase(217, 0, 43, 25, 101_319, AtmotubeInfo.PmOn, 53), null);

        var values = LiveSample.FromAdvertisement(advertisement);

        Assert.Equal(new LiveSample(null, null, null, null, 25, 43, 1013.19), values);
    }

    [Fact]
    public void Pm_only_advertisement_with_the_sensor_off_has_no_values()
    {
        var advertisement = new AtmotubeAdvertisement(Device, null, null, new AdvertisedPm(null, null, null, "74051E"));
        Assert.Equal(new LiveSample(null, null, null, null, null, null, null), LiveSample.FromAdvertisement(advertisement));
    }

    [Fact]
    public void Gatt_readings_map_to_stored_units_and_ignore_the_fourth_pm_value()
    {
        var values = LiveSample.FromGatt(
            new VocReading(262),
            new Bme280Reading(14, 23, 94_090, 2330),
            new PmReading(100, 163, 227, 100),
            new StatusReading(AtmotubeInfo.VocReady, 80));

        Assert.Equal(new LiveSample(0.262, 1.00, 1.63, 2.27, 23.30, 14, 940.90), values);
    }

    [Fact]
    public void Gatt_voc_is_dropped_while_preheating_and_missing_readings_stay_null()
    {
        var values = LiveSample.FromGatt(new VocReading(262), null, new PmReading(null, null, null, null), new StatusReading(AtmotubeInfo.PmOn, 80));
        Assert.Equal(new LiveSample(null, null, null, null, null, null, null), values);

        Assert.Equal(0.262, LiveSample.FromGatt(new VocReading(262), null, null, status: null).Voc);
    }

    [Fact]
    public void Live_minute_record_is_floored_to_the_utc_minute()
    {
        var values = new LiveSample(0.217, 4, 5, 6, 25, 43, 1013.19);

        var minute = values.ToMinuteRecord(Device, new DateTimeOffset(2026, 10, 5, 17, 46, 59, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTime(2026, 10, 5, 15, 46, 0, DateTimeKind.Utc), minute.Time);
        Assert.Equal(MinuteSource.Live, minute.Source);
        Assert.Equal((0.217, 4.0, 5.0, 6.0, 25.0, 43.0, 1013.19), (minute.Voc, minute.Pm1, minute.Pm25, minute.Pm10, minute.T, minute.H, minute.P));
    }
}
