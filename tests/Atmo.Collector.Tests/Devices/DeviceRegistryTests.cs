using Atmo.Collector.Devices;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Core;

namespace Atmo.Collector.Tests.Devices;

public class DeviceRegistryTests
{
    private static readonly MacAddress Configured = MacAddress.Parse("C2:2B:4F:11:22:33");
    private static readonly MacAddress Discovered = MacAddress.Parse("C2:2B:4F:11:22:44");

    private static DeviceRegistry Registry(CollectorStatus status) =>
        new(new Dictionary<MacAddress, DeviceOptions> { [Configured] = new() { Mac = Configured.ToString(), Name = "classroom", Latitude = 52.5, Longitude = 13.25 } }, status);

    [Fact]
    public void Configured_devices_are_in_the_status_from_the_start_and_tracked_when_asked()
    {
        var status = new CollectorStatus();
        DeviceRegistry devices = Registry(status);

        Assert.Equal(("classroom", true), (status.Device(Configured)?.Name, status.Device(Configured)?.Configured == true));
        Assert.False(devices.IsTracked(Configured));
        Assert.Equal([Configured], devices.Configured);
    }

    [Fact]
    public async Task Each_device_is_added_once_however_many_threads_track_it()
    {
        DeviceRegistry devices = Registry(new CollectorStatus());
        var added = new List<TrackedDevice>();
        devices.Added += device =>
        {
            lock (added)
                added.Add(device);
        };

        TrackedDevice[] tracked = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => devices.Track(i % 2 == 0 ? Configured : Discovered))));

        Assert.Equal(2, added.Count);
        Assert.Equal(2, tracked.Distinct().Count());
        Assert.Equal("classroom (C2:2B:4F:11:22:33)", devices.Track(Configured).Label);
    }

    [Fact]
    public void Records_of_a_configured_device_get_its_position()
    {
        DeviceRegistry devices = Registry(new CollectorStatus());
        devices.Track(Configured);
        devices.Track(Discovered);
        var record = new MinuteRecord { Device = Configured, Time = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc), Source = MinuteSource.Live, T = 20 };

        Assert.Equal((52.5, 13.25), (devices.Decorate(Configured, record).Latitude, devices.Decorate(Configured, record).Longitude));
        Assert.Null(devices.Decorate(Discovered, record with { Device = Discovered }).Latitude);
    }
}
