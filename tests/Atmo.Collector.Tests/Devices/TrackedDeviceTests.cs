using Atmo.Collector.Devices;
using Atmo.Collector.Options;
using Atmo.Core;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Collector.Tests.Devices;

public class TrackedDeviceTests
{
    private static readonly MacAddress Address = MacAddress.Parse("C2:2B:4F:11:22:33");
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Absence = TimeSpan.FromMinutes(10);

    [Fact]
    public void The_first_advertisement_and_one_after_an_absence_request_a_sync()
    {
        var device = new TrackedDevice(Address, null);
        Assert.True(device.Heard(T0, Absence));
        device.Synced(T0.AddMinutes(1));
        Assert.False(device.SyncRequested);

        Assert.False(device.Heard(T0.AddMinutes(5), Absence));
        Assert.False(device.SyncRequested);
        Assert.True(device.Heard(T0.AddMinutes(15), Absence));
        Assert.True(device.SyncRequested);
    }

    [Fact]
    public void Presence_ends_after_the_absence_threshold()
    {
        var device = new TrackedDevice(Address, null);
        Assert.False(device.IsPresent(T0, Absence));
        device.Heard(T0, Absence);

        Assert.True(device.IsPresent(T0.AddMinutes(9), Absence));
        Assert.False(device.IsPresent(T0.AddMinutes(10), Absence));
    }

    [Fact]
    public void Time_with_discovery_paused_does_not_count_as_absence()
    {
        var device = new TrackedDevice(Address, null);
        device.Heard(T0, Absence);
        device.Synced(T0);

        device.DiscoveryPaused(TimeSpan.FromMinutes(8)); // a long round of visits to other devices
        Assert.True(device.IsPresent(T0.AddMinutes(12), Absence));
        Assert.False(device.Heard(T0.AddMinutes(12), Absence));
        Assert.False(device.SyncRequested);

        // Heard again: the credit is used up, the next absence counts from this advertisement.
        Assert.False(device.IsPresent(T0.AddMinutes(22), Absence));
        Assert.True(device.Heard(T0.AddMinutes(22), Absence));
    }

    [Fact]
    public async Task A_reappearance_wakes_the_waiting_worker_and_a_timeout_does_not_swallow_the_next_signal()
    {
        var time = new FakeTimeProvider(T0);
        var device = new TrackedDevice(Address, null);
        Task<bool> timedOut = device.WaitForWakeAsync(TimeSpan.FromMinutes(1), time, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await timedOut.WaitAsync(TimeSpan.FromSeconds(5)));

        Task<bool> woken = device.WaitForWakeAsync(TimeSpan.FromHours(1), time, CancellationToken.None);
        device.Heard(T0, Absence);
        Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_configured_position_and_name_decorate_records()
    {
        var device = new TrackedDevice(Address, new DeviceOptions { Mac = Address.ToString(), Name = "hall", Latitude = 48.1, Longitude = 11.6 });
        var record = new MinuteRecord { Device = Address, Time = T0.UtcDateTime, Source = MinuteSource.History, T = 20 };

        MinuteRecord decorated = device.Decorate(record);

        Assert.Equal((48.1, 11.6), (decorated.Latitude!.Value, decorated.Longitude!.Value));
        Assert.Equal(20, decorated.T);
        Assert.Equal("hall (C2:2B:4F:11:22:33)", device.Label);
        Assert.Same(record, new TrackedDevice(Address, null).Decorate(record));
    }
}
