using Atmo.Ble.Protocol;
using Atmo.Collector.Live;
using Atmo.Core;

namespace Atmo.Collector.Tests.Live;

public class MinuteAveragerTests
{
    private static readonly MacAddress A = MacAddress.Parse("C2:2B:4F:11:22:33");
    private static readonly MacAddress B = MacAddress.Parse("E0:DD:00:00:00:01");
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static LiveSample Values(double t, double? voc = 0.3, double? pm25 = null) => new(voc, null, pm25, null, t, 40, 1000);

    [Fact]
    public void Averages_the_samples_of_one_minute_per_value()
    {
        var averager = new MinuteAverager();
        averager.Add(A, T0.AddSeconds(1), Values(20, pm25: 4));
        averager.Add(A, T0.AddSeconds(30), Values(22, voc: null));
        averager.Add(A, T0.AddSeconds(59.999), Values(24, pm25: 8));

        MinuteRecord record = Assert.Single(averager.CloseBefore(T0.AddMinutes(1).UtcDateTime));

        Assert.Equal(T0.UtcDateTime, record.Time);
        Assert.Equal(MinuteSource.Live, record.Source);
        Assert.Equal(22, record.T);
        Assert.Equal(0.3, record.Voc); // the sample without VOC does not dilute it
        Assert.Equal(6, record.Pm25);
        Assert.Null(record.Pm1);
    }

    [Fact]
    public void A_sample_at_the_exact_minute_start_belongs_to_the_new_minute()
    {
        var averager = new MinuteAverager();
        averager.Add(A, T0.AddTicks(-1), Values(10));
        averager.Add(A, T0, Values(30));

        IReadOnlyList<MinuteRecord> closed = averager.CloseBefore(T0.AddMinutes(1).UtcDateTime);

        Assert.Equal([T0.AddMinutes(-1).UtcDateTime, T0.UtcDateTime], closed.Select(r => r.Time));
        Assert.Equal([10.0, 30.0], closed.Select(r => r.T!.Value));
    }

    [Fact]
    public void An_open_minute_is_not_closed_early()
    {
        var averager = new MinuteAverager();
        averager.Add(A, T0.AddSeconds(10), Values(20));

        Assert.Empty(averager.CloseBefore(T0.UtcDateTime.AddSeconds(59)));
        Assert.Single(averager.CloseBefore(T0.UtcDateTime.AddMinutes(1)));
    }

    [Fact]
    public void Minutes_without_observations_get_no_record_and_values_are_never_repeated()
    {
        var averager = new MinuteAverager();
        averager.Add(A, T0.AddSeconds(5), Values(20));
        Assert.Single(averager.CloseBefore(T0.AddMinutes(1).UtcDateTime));

        // Three silent minutes, then a sample: only the minute with the sample gets a record.
        Assert.Empty(averager.CloseBefore(T0.AddMinutes(4).UtcDateTime));
        averager.Add(A, T0.AddMinutes(4).AddSeconds(3), Values(25));
        MinuteRecord record = Assert.Single(averager.CloseBefore(T0.AddMinutes(5).UtcDateTime));
        Assert.Equal(T0.AddMinutes(4).UtcDateTime, record.Time);
        Assert.Equal(25, record.T);
    }

    [Fact]
    public void Each_minute_is_emitted_once_and_late_samples_are_dropped()
    {
        var averager = new MinuteAverager();
        averager.Add(A, T0.AddSeconds(5), Values(20));
        Assert.Single(averager.CloseBefore(T0.AddMinutes(1).UtcDateTime));

        Assert.False(averager.Add(A, T0.AddSeconds(50), Values(99)));
        Assert.Empty(averager.CloseBefore(T0.AddMinutes(1).UtcDateTime));
        Assert.Equal(1, averager.LateSamples);
    }

    [Fact]
    public void Devices_are_averaged_separately()
    {
        var averager = new MinuteAverager();
        averager.Add(A, T0.AddSeconds(5), Values(20));
        averager.Add(B, T0.AddSeconds(6), Values(30));

        IReadOnlyList<MinuteRecord> closed = averager.CloseBefore(T0.AddMinutes(1).UtcDateTime);

        Assert.Equal(20, closed.Single(r => r.Device == A).T);
        Assert.Equal(30, closed.Single(r => r.Device == B).T);
    }

    [Fact]
    public void Voc_while_the_sensor_preheats_is_not_recorded()
    {
        // Info 0x01 (PM on) without 0x40 (VOC ready): LiveSample drops VOC, so the minute has none.
        byte[] payload = [0x00, 0xFA, 0x12, 0x34, 0x28, 0x15, 0x00, 0x01, 0x8A, 0x9C, 0x01, 0x50];
        AdvertisementDecodeResult decoded = AdvertisementDecoder.Decode(new DeviceAdvertisement(
            A, "ATMOTUBE", [], new Dictionary<ushort, byte[]> { [0xFFFF] = payload }, -60));
        Assert.Equal(AdvertisementStatus.Decoded, decoded.Status);
        var averager = new MinuteAverager();
        averager.Add(A, T0.AddSeconds(5), LiveSample.FromAdvertisement(decoded.Advertisement!));

        MinuteRecord record = Assert.Single(averager.CloseBefore(T0.AddMinutes(1).UtcDateTime));

        Assert.Null(record.Voc);
        Assert.Equal(21, record.T);
    }

    [Fact]
    public void A_sample_without_any_value_makes_no_minute()
    {
        var averager = new MinuteAverager();
        averager.Add(A, T0.AddSeconds(5), new LiveSample(null, null, null, null, null, null, null));

        Assert.Empty(averager.CloseBefore(T0.AddMinutes(1).UtcDateTime));
    }

    [Fact]
    public void Decoration_adds_the_fixed_position()
    {
        var averager = new MinuteAverager();
        averager.Add(A, T0.AddSeconds(5), Values(20));

        MinuteRecord record = Assert.Single(averager.CloseBefore(T0.AddMinutes(1).UtcDateTime, (_, r) => r with { Latitude = 52.5, Longitude = 13.4 }));

        Assert.Equal(52.5, record.Latitude);
        Assert.Equal(13.4, record.Longitude);
    }
}
