using Atmo.Collector.Hosting;
using Atmo.Collector.Status;
using Atmo.Collector.Tests.Support;
using Atmo.Core;
using Atmo.Simulator;
using Atmo.Simulator.BlueZ;
using Atmo.Simulator.Bus;
using Atmo.Storage;
using Atmo.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace Atmo.Collector.Tests.Hosting;

/// <summary>The collector against the emulated BlueZ on a private dbus-daemon, with a real LiteDB file.</summary>
public class BluetoothCollectorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_synced_minute_of_every_device_is_stored_exactly_once_and_live_minutes_are_written()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 3, initialRecords: 300);
        var first = world.Units[0];
        var settings = world.DefaultSettings();
        settings["Devices:0:Mac"] = first.Address.ToString();
        settings["Devices:0:Name"] = "classroom";
        settings["Devices:0:Latitude"] = "52.5";
        settings["Devices:0:Longitude"] = "13.25";
        settings["Ble:AutoDiscover"] = "true";
        await world.StartCollectorAsync(settings);

        await CollectorWorld.UntilAsync(() => world.Units.All(u => world.CompletedSyncs(u.Address) >= 2), "two history downloads per device", 40);
        await CollectorWorld.UntilAsync(() => world.Status.Counters.LiveMinutesWritten >= 6, "live minutes", 20);
        ICollectorStatus status = world.Status;
        Assert.True(status.BlueZReachable);
        Assert.True(status.Adapter.Present);
        Assert.True(status.Clock.Sane);
        Assert.NotNull(status.LastProgress);
        Assert.True(status.Counters.GattReads >= 3, "one live GATT read per visit");
        Assert.All(world.Units, u => Assert.NotNull(status.Devices.Single(d => d.Address == u.Address).LastHistorySync));
        Assert.Equal("classroom", status.Devices.Single(d => d.Address == first.Address).Name);
        Assert.True(world.Store.GetStats(first.Address).Live + world.Store.GetStats(first.Address).History > 300);
        await world.StopCollectorAsync();

        GroundTruth truth = world.Verify(new Dictionary<MacAddress, (double, double)> { [first.Address] = (52.5, 13.25) });
        Assert.True(truth.Expected >= 3 * 300, $"expected ≥ 900 synced minutes, got {truth.Expected}");
        Assert.Equal(0, truth.Missing);
        Assert.Equal(0, truth.Duplicated);
        Assert.Equal(truth.Expected, truth.Stored);
        Assert.True(truth.PendingOnDevice <= 3 * 3, $"the devices still hold {truth.PendingOnDevice} unsynced minutes");
    }

    [Theory]
    [InlineData(null, true)] // default: on
    [InlineData("false", false)]
    public async Task The_early_end_of_history_setting_reaches_the_session(string? setting, bool endsEarly)
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 1, initialRecords: 30);
        var settings = world.DefaultSettings();
        if (setting is not null)
            settings["History:Session:EndAtNewestRecord"] = setting;
        await world.StartCollectorAsync(settings);

        await CollectorWorld.UntilAsync(() => world.CompletedSyncs(world.Units[0].Address) >= 1, "one history download", 30);
        await world.StopCollectorAsync();

        Assert.Equal(endsEarly, world.Logs.Messages().Any(l => l.Contains("reached the newest record", StringComparison.Ordinal)));
        Assert.Equal(!endsEarly, world.Logs.Messages().Any(l => l.Contains("complete after silence", StringComparison.Ordinal)));
        Assert.Equal(0, world.Verify().Missing);
    }

    [Fact]
    public async Task With_configured_devices_and_no_auto_discovery_only_those_are_collected()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 3, initialRecords: 20);
        var chosen = world.Units[1];
        var settings = world.DefaultSettings();
        settings["Devices:0:Mac"] = chosen.Address.ToString();
        await world.StartCollectorAsync(settings);

        await CollectorWorld.UntilAsync(() => world.CompletedSyncs(chosen.Address) >= 2, "downloads of the configured device");
        await CollectorWorld.UntilAsync(() => world.Status.Counters.LiveMinutesWritten >= 2, "live minutes");
        Assert.Equal([chosen.Address], world.Store.Devices());
        Assert.Equal([chosen.Address], world.Status.Devices.Select(d => d.Address));
        Assert.All(world.Units.Where(u => u != chosen), u => Assert.Equal(0, u.HistoryRequests));
        await world.StopCollectorAsync();
    }

    [Fact]
    public async Task A_collector_started_before_bluetoothd_waits_for_it_and_then_collects()
    {
        var clock = new AcceleratedTimeProvider(60);
        await using PrivateDbusDaemon bus = await PrivateDbusDaemon.StartAsync();
        string folder = Path.Combine(Path.GetTempPath(), "atmo-collector-" + Guid.NewGuid().ToString("N"));
        FakeLogCollector logs = TestLogs.Collect(output, clock);
        using var store = new LiteDbMinuteStore(new StorageOptions { Path = Path.Combine(folder, "atmo-edge.db") }, clock, NullLogger<LiteDbMinuteStore>.Instance);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["Ble:BusAddress"] = bus.Address;
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IMinuteStore>(store);
        builder.Services.AddCollector(builder.Configuration);
        using IHost host = builder.Build();
        await host.StartAsync();
        ICollectorStatus status = host.Services.GetRequiredService<ICollectorStatus>();
        try
        {
            await CollectorWorld.UntilAsync(() => status.LastError?.Message.Contains("bluetoothd is not running") == true, "the collector to say bluetoothd is missing");
            Assert.False(status.BlueZReachable);

            SimulatorOptions options = EmulatedBlueZ.FastOptions(devices: 1, initialRecords: 30);
            options.DeviceClock = clock;
            await using BlueZEmulator emulator = await BlueZEmulator.StartAsync(bus.Address, options);

            await CollectorWorld.UntilAsync(() => status.Devices.Any(d => d.LastHistorySync is not null), "a history download once bluetoothd is there", 30);
            Assert.True(status.BlueZReachable);
            Assert.Equal(emulator.Units[0].Address, status.Devices.Single().Address);
            Assert.True(store.GetStats(emulator.Units[0].Address).History >= 30);
            await host.StopAsync();
        }
        finally
        {
            store.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Live_minutes_are_written_together_every_LiveWriteInterval_and_the_rest_at_stop()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 2, initialRecords: 10);
        var settings = world.DefaultSettings();
        settings["Ble:LiveWriteInterval"] = "00:05:00";
        settings["History:IntervalMinutes"] = "60";
        LiveWriteRecorder? recorder = null;
        await world.StartCollectorAsync(settings, wrapStore: store => recorder = new LiveWriteRecorder(store, world.Clock));

        await CollectorWorld.UntilAsync(() => recorder!.LiveWrites.Count >= 2, "two writes of live minutes", 40);
        await world.DeviceMinutesAsync(2.5);
        int regularWrites = recorder!.LiveWrites.Count;
        await world.StopCollectorAsync();

        var writes = recorder.LiveWrites;
        // Every minute of both devices in one write, five minutes at a time (not one commit per minute).
        Assert.All(writes.Take(2), w => Assert.True(w.Records.Select(r => r.Time).Distinct().Count() >= 4, $"a write of {w.Records.Count} minutes at {w.At:O}"));
        Assert.All(writes.Take(2), w => Assert.Equal(2, w.Records.Select(r => r.Device).Distinct().Count()));
        Assert.True(writes[1].At - writes[0].At >= TimeSpan.FromMinutes(4), $"writes at {writes[0].At:O} and {writes[1].At:O}");
        // Stopping writes the minutes that closed since: none is left behind in memory.
        Assert.Equal(regularWrites + 1, writes.Count);
        Assert.True(writes[^1].Records.Min(r => r.Time) > writes[^2].Records.Max(r => r.Time));
        using LiteDbMinuteStore store = world.OpenStore();
        foreach (MinuteRecord written in writes.SelectMany(w => w.Records))
            Assert.Single(store.StoredMinutes(written.Device, written.Time, written.Time.AddMinutes(1)));
    }
}
