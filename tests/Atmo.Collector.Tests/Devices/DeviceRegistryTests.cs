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

    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static MacAddress Stranger(int n) => new((ulong)(0xD0_0000_0000 + n));

    /// <summary>Three sightings over a minute: what adoption asks for (AdoptionRule).</summary>
    private static TrackedDevice? SightedForAMinute(DeviceRegistry devices, MacAddress address, DateTimeOffset from)
    {
        devices.Sighted(address, from, plausible: true);
        devices.Sighted(address, from.AddSeconds(30), plausible: true);
        return devices.Sighted(address, from.AddSeconds(60), plausible: true);
    }

    [Fact]
    public void At_most_the_cap_of_strangers_is_adopted_and_configured_devices_never_count_against_it()
    {
        var status = new CollectorStatus();
        var devices = new DeviceRegistry(
            new Dictionary<MacAddress, DeviceOptions> { [Configured] = new() { Mac = Configured.ToString() } }, status, new BleOptions { MaxAutoDiscovered = 2 });

        Assert.NotNull(devices.Sighted(Configured, T0, plausible: false));                      // at once, even with a value dropped, and not counted
        for (int i = 0; i < 5; i++)
            SightedForAMinute(devices, Stranger(i), T0);

        Assert.Equal([Stranger(0), Stranger(1), Configured], devices.Tracked.Select(d => d.Address).Order());
        Assert.Equal(3, status.Devices.Count);
        Assert.Equal(3, devices.Candidates);                                   // the rest stays a bounded candidate
    }

    [Fact]
    public void An_unheard_stranger_is_forgotten_with_its_status_and_frees_its_place_configured_devices_stay()
    {
        var status = new CollectorStatus();
        var options = new BleOptions { MaxAutoDiscovered = 1, ForgetAfter = TimeSpan.FromHours(1) };
        var devices = new DeviceRegistry(
            new Dictionary<MacAddress, DeviceOptions> { [Configured] = new() { Mac = Configured.ToString() } }, status, options);
        var forgotten = new List<MacAddress>();
        devices.Forgotten += d => forgotten.Add(d.Address);
        devices.Track(Configured);
        TrackedDevice first = SightedForAMinute(devices, Stranger(1), T0)!;
        first.Heard(T0.AddSeconds(60), options.AbsenceThreshold);
        Assert.Null(SightedForAMinute(devices, Stranger(2), T0));              // the cap is taken

        devices.ForgetUnheard(T0.AddMinutes(59));
        Assert.Empty(forgotten);
        devices.ForgetUnheard(T0.AddMinutes(62));

        Assert.Equal([Stranger(1)], forgotten);
        Assert.True(first.Forgotten.IsCancellationRequested, "its history worker ends");
        Assert.Null(status.Device(Stranger(1)));
        Assert.True(devices.IsTracked(Configured));
        Assert.NotNull(SightedForAMinute(devices, Stranger(2), T0.AddMinutes(62)));   // its place is free again
    }

    [Fact]
    public void Advertisements_with_a_dropped_value_do_not_count_towards_adoption_but_an_adopted_device_keeps_them()
    {
        DeviceRegistry devices = Registry(new CollectorStatus());

        for (int i = 0; i < 10; i++)
            Assert.Null(devices.Sighted(Stranger(1), T0.AddSeconds(30 * i), plausible: false));
        Assert.Equal(0, devices.Candidates);
        Assert.False(devices.IsTracked(Stranger(1)));

        TrackedDevice adopted = SightedForAMinute(devices, Stranger(1), T0.AddMinutes(5))!;
        Assert.Same(adopted, devices.Sighted(Stranger(1), T0.AddMinutes(7), plausible: false));
    }

    [Fact]
    public void Candidates_stay_bounded_however_many_addresses_are_sent()
    {
        DeviceRegistry devices = Registry(new CollectorStatus());

        for (int i = 0; i < AdoptionRule.MaxCandidates + 500; i++)
            Assert.Null(devices.Sighted(Stranger(i), T0.AddMilliseconds(i), plausible: true));

        Assert.Equal(AdoptionRule.MaxCandidates, devices.Candidates);
        devices.ForgetUnheard(T0 + AdoptionRule.CandidateExpiry + TimeSpan.FromMinutes(1));
        Assert.Equal(0, devices.Candidates);
    }
}
