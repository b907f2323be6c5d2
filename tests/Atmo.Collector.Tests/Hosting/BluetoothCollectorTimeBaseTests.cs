using Atmo.Collector.Status;
using Atmo.Collector.Tests.Support;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Core.TimeBase;
using Atmo.Simulator.Devices;
using Atmo.Storage;
using Atmo.Testing;
using Xunit.Abstractions;

namespace Atmo.Collector.Tests.Hosting;

/// <summary>
/// Units whose history is stamped from a wrong clock (issue 16), through the real collector against the emulated
/// BlueZ: every record ends stored at its true minute (re-anchored) or quarantined, each batch is acknowledged once,
/// no visit fails or logs the same rejection again, the clock check never moves, and the other unit is untouched.
/// </summary>
public class BluetoothCollectorTimeBaseTests(ITestOutputHelper output)
{
    private const int Records = 90;

    [Theory]
    [InlineData("+3h")]
    [InlineData("+1d")]
    [InlineData("+1y")]
    [InlineData("pre-2016")]
    public async Task History_stamped_ahead_or_before_2016_is_reanchored_to_its_true_minutes_and_acknowledged_once(string fault)
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 2, initialRecords: Records);
        EmulatedAtmotube wrong = world.Units[0], right = world.Units[1];
        wrong.TimeBaseOffset = TimeBaseFaults.Offset(fault, world.Clock.GetUtcNow());
        await world.StartCollectorAsync();

        // Two downloads of each: the first brings the whole memory, the second the minutes recorded since.
        await CollectorWorld.UntilAsync(() => world.CompletedSyncs(wrong.Address) >= 2 && world.CompletedSyncs(right.Address) >= 2, "two downloads of each unit", 60);
        AssertUnaffected(world, wrong);
        Assert.Equal(0, wrong.Resends); // every batch acknowledged the first time it came
        Assert.Single(world.Logs.Messages(), l => l.Contains($"History of {wrong.Address}") && l.Contains("re-anchored by") && !l.Contains("same"));
        DeviceState state = world.Status.Devices.Single(d => d.Address == wrong.Address);
        Assert.Equal(-wrong.TimeBaseOffset, state.LastTimeBaseShift);
        Assert.True(state.TimeRefusedMinutes >= Records, $"refused minutes counted ({state.TimeRefusedMinutes})");
        await world.StopCollectorAsync();

        GroundTruth truth = world.Verify();
        Assert.True(truth.Expected >= 2 * Records, $"both memories synced ({truth.Expected})");
        Assert.Equal(0, truth.Missing);
        Assert.Equal(0, truth.Duplicated);
        using LiteDbMinuteStore store = world.OpenStore();
        Assert.Empty(store.List());
        ReanchorMark mark = store.Marks(wrong.Address)[0];
        Assert.Equal(("collector", -wrong.TimeBaseOffset), (mark.By, mark.Shift));
        Assert.True(store.NewestMinute() <= PlausibleTime.LatestMinute(world.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task History_stamped_two_days_behind_is_stored_as_stamped_once_then_reanchored_at_every_later_visit()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 2, initialRecords: Records);
        EmulatedAtmotube wrong = world.Units[0];
        wrong.TimeBaseOffset = TimeSpan.FromDays(-2);
        await world.StartCollectorAsync();

        await CollectorWorld.UntilAsync(() => world.CompletedSyncs(wrong.Address) >= 3 && world.CompletedSyncs(world.Units[1].Address) >= 2, "three downloads of the late unit", 60);
        AssertUnaffected(world, wrong);
        Assert.Equal(0, wrong.Resends);
        Assert.Single(world.Logs.Messages(), l => l.Contains($"History of {wrong.Address}") && l.Contains("time base is off"));
        Assert.Equal(TimeSpan.FromDays(2), world.Status.Devices.Single(d => d.Address == wrong.Address).LastTimeBaseShift);
        await world.StopCollectorAsync();

        using LiteDbMinuteStore store = world.OpenStore();
        Assert.Empty(store.List());
        DateTime now = world.Clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<MinuteRecord> history = store.Query(new MinuteQuery(wrong.Address, now.AddDays(-3), now.AddMinutes(2), SortOrder.Ascending)).Items
            .Where(r => r.Source == MinuteSource.History).ToList();
        // The first download cannot be told from old history until it ends: stored as stamped, two days back.
        int asStamped = history.Count(r => r.Time < now.AddDays(-1));
        Assert.True(asStamped >= Records, $"the first download ({asStamped} minutes) stored two days back");
        // Every later one is held from its first batch and re-anchored to its true minutes.
        Assert.NotEmpty(store.Marks(wrong.Address));
        Assert.Contains(history, r => r.Time > now.AddMinutes(-10));
        var truth = wrong.Memory.Records.Where(r => r.Synced).Skip(Records).ToDictionary(r => r.Minute.UtcDateTime);
        Assert.All(history.Where(r => r.Time > now.AddDays(-1)), r => Assert.True(truth.ContainsKey(r.Time), $"{r.Time:u} is a true minute"));
    }

    [Fact]
    public async Task History_that_cannot_be_reanchored_stays_quarantined_and_acknowledged()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 1, initialRecords: 600, mtu: 23);
        EmulatedAtmotube wrong = world.Units[0];
        wrong.TimeBaseOffset = TimeSpan.FromDays(1);
        wrong.DropLinkAfterPackets = 300; // the first download breaks off: its held batches cannot be re-anchored yet
        await world.StartCollectorAsync();

        await CollectorWorld.UntilAsync(() => world.Logs.Messages().Any(l => l.Contains("quarantined and acknowledged")), "a quarantine", 60);
        await world.StopCollectorAsync();
        using LiteDbMinuteStore store = world.OpenStore();
        QuarantineSummary summary = Assert.Single(store.Summary());
        Assert.Equal(wrong.Address, summary.Device);
        Assert.True(summary.Minutes > 0);
        Assert.All(store.List(), b => Assert.True(b.FirstRecordTime > b.RequestTime, "kept with the device's own (future) times and the HST time"));
        Assert.Equal(0, wrong.Resends);
        Assert.True(store.NewestMinute() is null || store.NewestMinute() <= PlausibleTime.LatestMinute(world.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task In_observe_only_mode_nothing_with_untrustworthy_times_is_stored_or_kept()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 1, initialRecords: Records);
        EmulatedAtmotube wrong = world.Units[0];
        wrong.TimeBaseOffset = TimeSpan.FromDays(1);
        Dictionary<string, string?> settings = world.DefaultSettings();
        settings["History:Acknowledge"] = "false";
        await world.StartCollectorAsync(settings);

        await CollectorWorld.UntilAsync(() => world.Logs.Messages().Count(l => l.Contains("seen in observe-only mode")) >= 2, "two observe-only visits", 60);
        await world.StopCollectorAsync();
        using LiteDbMinuteStore store = world.OpenStore();
        Assert.Empty(store.List());
        Assert.All(store.Query(new MinuteQuery(wrong.Address, DateTime.MinValue, DateTime.MaxValue)).Items, r => Assert.Equal(MinuteSource.Live, r.Source));
        Assert.True(wrong.Memory.Unsynced().Count >= Records, "the device keeps every record");
    }

    private static void AssertUnaffected(CollectorWorld world, EmulatedAtmotube wrong)
    {
        Assert.DoesNotContain(world.Logs.Messages(), l => l.Contains($"History of {wrong.Address} failed"));
        DeviceState state = world.Status.Devices.Single(d => d.Address == wrong.Address);
        Assert.Equal("Completed", state.LastSyncOutcome);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.True(world.Status.Clock.Sane, world.Status.Clock.Reason);
        Assert.DoesNotContain(world.Logs.Messages(), l => l.Contains("clock went back"));
    }
}
