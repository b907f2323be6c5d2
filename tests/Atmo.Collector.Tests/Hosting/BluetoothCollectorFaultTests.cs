using Atmo.Collector.Status;
using Atmo.Collector.Tests.Support;
using Atmo.Core;
using Atmo.Simulator.Devices;
using Atmo.Testing;
using Xunit.Abstractions;

namespace Atmo.Collector.Tests.Hosting;

/// <summary>
/// Faults from the field against the emulated BlueZ; each ends with the ground-truth check: every minute a
/// device marked synced is in the store exactly once, with the device's values.
/// </summary>
public class BluetoothCollectorFaultTests(ITestOutputHelper output)
{
    private static async Task SyncsAsync(CollectorWorld world, IEnumerable<EmulatedAtmotube> units, int atLeast, double realSeconds = 30)
    {
        var list = units.ToList();
        await CollectorWorld.UntilAsync(() => list.All(u => world.CompletedSyncs(u.Address) >= atLeast), $"{atLeast} history downloads of {list.Count} devices", realSeconds);
    }

    private static void AssertExact(GroundTruth truth, int atLeastExpected)
    {
        Assert.True(truth.Expected >= atLeastExpected, $"expected ≥ {atLeastExpected} synced minutes, got {truth.Expected}");
        Assert.Equal(0, truth.Missing);
        Assert.Equal(0, truth.Duplicated);
        Assert.Equal(truth.Expected, truth.Stored);
    }

    [Fact]
    public async Task A_link_dropped_mid_batch_loses_nothing_and_duplicates_nothing()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 2, initialRecords: 600, mtu: 23);
        world.Units[0].DropLinkAfterPackets = 40; // inside the first batch (1 record per HD at MTU 23)
        await world.StartCollectorAsync();

        await SyncsAsync(world, world.Units, 2, 60);
        DeviceState dropped = world.Status.Devices.Single(d => d.Address == world.Units[0].Address);
        Assert.Contains(world.Logs.Messages(), l => l.Contains("History of " + world.Units[0].Address) && l.Contains("LinkLost"));
        Assert.NotNull(dropped.LastHistorySync);
        await world.StopCollectorAsync();

        AssertExact(world.Verify(), 2 * 600);
    }

    [Fact]
    public async Task An_InProgress_storm_on_StartDiscovery_is_ridden_out()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 2, initialRecords: 60);
        world.BlueZ.Emulator.FailNextStartDiscovery(12); // more than one round of the central's own retries
        await world.StartCollectorAsync();

        await SyncsAsync(world, world.Units, 2);
        await CollectorWorld.UntilAsync(() => world.Status.Counters.LiveMinutesWritten >= 2, "live minutes after the storm");
        Assert.Contains(world.Logs.Messages(), l => l.Contains("InProgress"));
        await world.StopCollectorAsync();

        AssertExact(world.Verify(), 2 * 60);
    }

    [Fact]
    public async Task A_bluetoothd_restart_is_survived_without_a_process_restart()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 2, initialRecords: 120);
        await world.StartCollectorAsync();
        await SyncsAsync(world, world.Units, 1);
        long advertisementsBefore = world.Status.Counters.Advertisements;

        await world.BlueZ.Emulator.RestartAsync(TimeSpan.FromMilliseconds(300));

        int[] before = [.. world.Units.Select(u => world.CompletedSyncs(u.Address))];
        await CollectorWorld.UntilAsync(() => world.Units.Select((u, i) => world.CompletedSyncs(u.Address) >= before[i] + 2).All(x => x), "downloads after the restart", 40);
        Assert.True(world.Status.BlueZReachable);
        Assert.True(world.Status.Counters.Advertisements > advertisementsBefore);
        Assert.Contains(world.Logs.Messages(), l => l.Contains("bluetoothd left the bus"));
        await world.StopCollectorAsync();

        AssertExact(world.Verify(), 2 * 120);
    }

    [Fact]
    public async Task A_device_leaving_range_gets_no_live_minutes_while_away_and_is_synced_when_back()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 2, initialRecords: 60);
        EmulatedAtmotube traveller = world.Units[0];
        await world.StartCollectorAsync();
        await SyncsAsync(world, world.Units, 1);
        await CollectorWorld.UntilAsync(() => world.Status.Radio() is null, "the radio to be free");

        world.BlueZ.Emulator.LeaveRange(traveller.Address);
        DateTime left = world.Clock.GetUtcNow().UtcDateTime;
        await world.DeviceMinutesAsync(5); // longer than Ble:AbsenceThreshold (3 min)
        DateTime back = world.Clock.GetUtcNow().UtcDateTime;
        int syncsBefore = world.CompletedSyncs(traveller.Address);
        world.BlueZ.Emulator.EnterRange(traveller.Address);

        await CollectorWorld.UntilAsync(() => world.CompletedSyncs(traveller.Address) > syncsBefore, "a download after the return", 20);
        Assert.Contains(world.Logs.Messages(), l => l.Contains($"{traveller.Address} is in range") && l.Contains("downloaded next"));
        await world.StopCollectorAsync();

        GroundTruth truth = world.Verify();
        AssertExact(truth, 2 * 60);
        using var store = world.OpenStore();
        DateTime from = MinuteTime.Floor(left).AddMinutes(1), to = MinuteTime.Floor(back);
        IReadOnlyList<MinuteRecord> away = store.Query(new MinuteQuery(traveller.Address, from, to, SortOrder.Ascending)).Items;
        Assert.DoesNotContain(away, r => r.Source == MinuteSource.Live);
        Assert.True(away.Count >= 3, $"the device's own minutes while away were downloaded ({away.Count})");
    }

    [Fact]
    public async Task A_collector_torn_down_mid_download_and_restarted_on_the_same_file_loses_and_duplicates_nothing()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 2, initialRecords: 1200);
        CrashAfterCommitStore? crashing = null;
        await world.StartCollectorAsync(wrapStore: store => crashing = new CrashAfterCommitStore(store, crashAfterBatch: 2));

        // The second batch is committed, then the collector "dies" before HOK and is torn down abruptly.
        IReadOnlyCollection<MinuteRecord> orphan = await crashing!.Crashed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await world.StopCollectorAsync(abrupt: true);
        MacAddress device = orphan.First().Device;
        DateTime orphanFirst = orphan.Min(r => r.Time);
        Assert.Contains(world.Units.Single(u => u.Address == device).Memory.Records, r => r.Minute.UtcDateTime == orphanFirst && !r.Synced);

        await world.StartCollectorAsync();
        await CollectorWorld.UntilAsync(() => world.Units.All(u => u.Memory.Unsynced().Count <= 2), "the rest downloaded after the restart", 60);
        await world.StopCollectorAsync();

        // The device sent the unacknowledged batch again; the store recognised every minute of it.
        Assert.Contains(world.Logs.Messages(), l => l.Contains($"{device} batch 0: {orphan.Count} minutes") && l.Contains($"{orphan.Count} unchanged"));
        Assert.True(world.Units.Single(u => u.Address == device).Memory.Records.Single(r => r.Minute.UtcDateTime == orphanFirst).Synced);
        AssertExact(world.Verify(), 2 * 1200);
    }

    [Fact]
    public async Task A_device_that_keeps_failing_backs_off_and_does_not_starve_the_others()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 3, initialRecords: 30);
        EmulatedAtmotube mute = world.Units[0];
        mute.IgnoreHistoryRequests = true;
        await world.StartCollectorAsync();

        await SyncsAsync(world, world.Units.Skip(1), 4, 40);
        DeviceState state = world.Status.Devices.Single(d => d.Address == mute.Address);
        Assert.True(state.ConsecutiveFailures >= 1);
        Assert.NotNull(state.LastError);
        Assert.Equal("NoReply", state.LastSyncOutcome);
        Assert.Equal(0, world.CompletedSyncs(mute.Address));
        // Back-off: far fewer attempts on the mute device than visits to the healthy ones.
        Assert.True(mute.HistoryRequests < world.Units.Skip(1).Sum(u => u.HistoryRequests), $"{mute.HistoryRequests} attempts on the failing device");
        await world.StopCollectorAsync();

        AssertExact(world.Verify(), 2 * 30);
    }

    [Fact]
    public async Task Observe_only_stores_history_without_acknowledging_it()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 1, initialRecords: 100);
        var settings = world.DefaultSettings();
        settings["History:Acknowledge"] = "false";
        await world.StartCollectorAsync(settings);

        await CollectorWorld.UntilAsync(() => world.Status.Counters.HistoryRecordsStored >= 100, "a stored batch");
        await world.StopCollectorAsync();

        Assert.All(world.Units[0].Memory.Records, r => Assert.False(r.Synced));
        GroundTruth truth = world.Verify();
        Assert.Equal(0, truth.Duplicated);
        using var store = world.OpenStore();
        Assert.True(store.GetStats(world.Units[0].Address).History >= 100);
    }

    [Fact]
    public async Task A_clock_earlier_than_the_build_blocks_history_and_says_why()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 1, initialRecords: 30);
        await world.StartCollectorAsync(configure: o => o.ClockNotBefore = world.Clock.GetUtcNow().AddYears(1));

        await CollectorWorld.UntilAsync(() => world.Status.Counters.LiveMinutesDiscarded >= 2, "live minutes refused");
        ClockSanity clock = world.Status.Clock;
        Assert.False(clock.Sane);
        Assert.Contains("earlier than the build", clock.Reason);
        Assert.Equal(0, world.Units[0].HistoryRequests);
        Assert.Equal(0, world.Status.Counters.LiveMinutesWritten);
        Assert.NotNull(world.Status.LastProgress); // advertisements are still processed
        await world.StopCollectorAsync();
        Assert.All(world.Units[0].Memory.Records, r => Assert.False(r.Synced));
    }

    [Fact]
    public async Task Silence_climbs_the_recovery_ladder_and_collection_resumes_when_devices_return()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 2, initialRecords: 10);
        await world.StartCollectorAsync();
        await SyncsAsync(world, world.Units, 1);
        await CollectorWorld.UntilAsync(() => world.Status.Radio() is null, "the radio to be free");

        foreach (EmulatedAtmotube unit in world.Units)
            world.BlueZ.Emulator.LeaveRange(unit.Address);
        await CollectorWorld.UntilAsync(() => world.Logs.Messages().Any(l => l.Contains("power-cycling adapter")), "the third recovery step", 30);
        Assert.Contains(world.Logs.Messages(), l => l.Contains("restarting discovery"));
        Assert.Contains(world.Logs.Messages(), l => l.Contains("removing") && l.Contains("stale device objects"));
        Assert.True(world.Status.Counters.WatchdogActions >= 3);

        // Rate limits: while silence goes on, the adapter is not power-cycled again (Ble:PowerCycleEvery, 30 min);
        // the cheapest step (discovery restart, every 90 s) keeps being tried.
        int restarts = world.Logs.Messages().Count(l => l.Contains("restarting discovery"));
        await CollectorWorld.UntilAsync(() => world.Logs.Messages().Count(l => l.Contains("restarting discovery")) >= restarts + 2, "two more discovery restarts", 30);
        Assert.Single(world.Logs.Messages(), l => l.Contains("power-cycling adapter"));

        long before = world.Status.Counters.Advertisements;
        foreach (EmulatedAtmotube unit in world.Units)
            world.BlueZ.Emulator.EnterRange(unit.Address);
        await CollectorWorld.UntilAsync(() => world.Status.Counters.Advertisements > before + 10, "advertisements again", 20);
        await world.StopCollectorAsync();
        AssertExact(world.Verify(), 2 * 10);
    }

    [Fact]
    public async Task An_adapter_switched_off_is_powered_on_again()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 1, initialRecords: 10);
        await world.StartCollectorAsync();
        await CollectorWorld.UntilAsync(() => world.Status.Counters.Advertisements > 10, "advertisements");
        await CollectorWorld.UntilAsync(() => world.Status.Radio() is null, "the radio to be free");

        world.BlueZ.Emulator.SetAdapterPowered(false);
        await CollectorWorld.UntilAsync(() => world.Logs.Messages().Any(l => l.Contains("powered off: powering it on")), "the watchdog to power it on");
        long before = world.Status.Counters.Advertisements;
        await CollectorWorld.UntilAsync(() => world.Status.Counters.Advertisements > before + 10, "advertisements after power-on", 20);
        Assert.True(world.Status.Adapter.Powered);
    }
}
