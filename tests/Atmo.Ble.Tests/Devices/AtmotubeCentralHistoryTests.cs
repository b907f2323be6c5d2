using Atmo.Ble.Protocol;
using Atmo.Simulator.Devices;
using Atmo.Testing;

namespace Atmo.Ble.Tests.Devices;

// Full history downloads over the real D-Bus path: emulator → BlueZ API → BlueZUartLink → HistorySession.
public class AtmotubeCentralHistoryTests
{
    [Fact]
    public async Task WithUart_runs_the_session_then_disconnects_even_when_it_throws()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];

        int mtu = await world.Central.WithUartAsync(unit.Address, (link, _) => Task.FromResult(link.Mtu ?? 0), Wait.Timeout());
        Assert.Equal(247, mtu);
        Assert.False(unit.Connected);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            world.Central.WithUartAsync<int>(unit.Address, (_, _) => throw new InvalidOperationException("session failed"), Wait.Timeout()));
        Assert.False(unit.Connected);
    }

    [Fact]
    public async Task A_unit_leaving_range_mid_session_is_a_lost_link_and_BlueZ_forgets_it()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(mtu: 23, initialRecords: 200));
        var unit = world.BlueZ.Emulator.Units[0];
        unit.NotificationDelay = TimeSpan.FromMilliseconds(5); // slow notifications

        await Assert.ThrowsAsync<LinkLostException>(() => world.Central.WithUartAsync(unit.Address, async (link, ct) =>
        {
            await link.WriteAsync(BlueZUartLinkTests.Command("HST", (uint)world.Clock.GetUtcNow().ToUnixTimeSeconds()), ct);
            int packets = 0;
            while (await link.Notifications.WaitToReadAsync(ct))
            {
                while (link.Notifications.TryRead(out _))
                {
                    if (++packets == 10)
                        world.BlueZ.Emulator.LeaveRange(unit.Address);
                }
            }

            return packets;
        }, Wait.Timeout()));

        Assert.False(unit.Connected);
        await Wait.UntilAsync(() => world.Client.GetDevices().Count == 0, "device object removed");
    }

    private static readonly HistorySessionOptions FastSession = new()
    {
        FirstReplyTimeout = TimeSpan.FromSeconds(3),
        BetweenBatchesTimeout = TimeSpan.FromMilliseconds(400),
        BetweenPacketsTimeout = TimeSpan.FromSeconds(3),
    };

    private sealed class Sink
    {
        public List<HistoryBatch> Batches { get; } = [];

        public Task PersistAsync(HistoryBatch batch, CancellationToken cancellationToken)
        {
            lock (Batches)
                Batches.Add(batch);
            return Task.CompletedTask;
        }

        public List<HistoryRecord> Records
        {
            get
            {
                lock (Batches)
                    return Batches.SelectMany(b => b.Records).ToList();
            }
        }
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static void AssertSame(HistoryValues expected, HistoryRecord actual)
    {
        Assert.Equal(expected.TemperatureC, actual.TemperatureC);
        Assert.Equal(expected.HumidityPercent, actual.HumidityPercent);
        Assert.Equal(expected.VocPpb, actual.VocPpb);
        Assert.Equal(expected.PressurePa, actual.PressurePa);
        Assert.Equal(expected.Pm1, actual.Pm1);
        Assert.Equal(expected.Pm25, actual.Pm25);
        Assert.Equal(expected.Pm10, actual.Pm10);
    }

    /// <summary>Every record the unit considers synced is in the output exactly once, at its own minute.</summary>
    private static void AssertGroundTruth(EmulatedAtmotube unit, IReadOnlyList<HistoryRecord> output)
    {
        var synced = unit.Memory.Records.Where(r => r.Synced).ToList();
        var byMinute = output.GroupBy(r => Minute(r.Time)).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(synced.Count, output.Count);
        foreach (StoredRecord record in synced)
        {
            Assert.True(byMinute.TryGetValue(record.Minute, out var found), $"minute {record.Minute:u} missing");
            AssertSame(record.Values, Assert.Single(found));
        }
    }

    [Theory]
    [InlineData(247, 14_400)]
    [InlineData(23, 14_400)]
    [InlineData(23, 300)]
    public async Task Full_download_delivers_every_record_once_at_its_minute(int mtu, int records)
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(mtu: mtu, initialRecords: records));
        var unit = world.BlueZ.Emulator.Units[0];
        var sink = new Sink();

        HistoryDownloadResult result = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, FastSession, Wait.Timeout(60));

        Assert.Equal(HistoryOutcome.Completed, result.Outcome);
        Assert.Equal((records + 254) / 255, result.BatchesAcknowledged);
        Assert.Equal(records, result.RecordsStored);
        Assert.Equal(records, unit.Memory.Records.Count(r => r.Synced));
        AssertGroundTruth(unit, sink.Records);
        Assert.False(unit.Connected);
    }

    [Fact]
    public async Task Sync_once_a_second_download_gets_nothing()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(initialRecords: 30));
        var unit = world.BlueZ.Emulator.Units[0];
        var sink = new Sink();
        await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, FastSession, Wait.Timeout(30));

        HistoryDownloadResult second = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, FastSession, Wait.Timeout(30));

        Assert.Equal(HistoryOutcome.Completed, second.Outcome);
        Assert.Equal(0, second.RecordsStored);
        AssertGroundTruth(unit, sink.Records);
    }

    [Fact]
    public async Task Link_dropped_mid_batch_acks_nothing_of_it_and_the_next_session_gets_the_rest()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(mtu: 247, initialRecords: 600));
        var unit = world.BlueZ.Emulator.Units[0];
        unit.DropLinkAfterPackets = 18 + 5; // batch 1 = HT + 17 HD; the drop hits batch 2
        var sink = new Sink();

        HistoryDownloadResult first = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, FastSession, Wait.Timeout(30));

        Assert.Equal(HistoryOutcome.LinkLost, first.Outcome);
        Assert.Equal(1, first.BatchesAcknowledged);
        Assert.Equal(255, unit.Memory.Records.Count(r => r.Synced));
        Assert.False(unit.Connected);

        HistoryDownloadResult second = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, FastSession, Wait.Timeout(30));

        Assert.Equal(HistoryOutcome.Completed, second.Outcome);
        Assert.All(unit.Memory.Records, r => Assert.True(r.Synced));
        AssertGroundTruth(unit, sink.Records);
    }

    [Fact]
    public async Task Link_dropped_before_HOK_leaves_a_stored_batch_that_comes_again_and_is_recognised_by_content()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(mtu: 247, initialRecords: 300));
        var unit = world.BlueZ.Emulator.Units[0];
        unit.DropLinkAfterPackets = 18; // right after the last HD of batch 1: stored, but the HOK cannot reach the unit
        var sink = new Sink();

        HistoryDownloadResult first = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, FastSession, Wait.Timeout(30));

        Assert.Equal(HistoryOutcome.LinkLost, first.Outcome);
        Assert.Equal(1, first.BatchesStored);
        Assert.Equal(0, first.BatchesAcknowledged);
        Assert.DoesNotContain(unit.Memory.Records, r => r.Synced);

        world.Clock.Skip(TimeSpan.FromSeconds(2)); // the next session's HST carries a later time: the resend is shifted
        HistoryDownloadResult second = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, FastSession, Wait.Timeout(30));

        Assert.Equal(HistoryOutcome.Completed, second.Outcome);
        Assert.All(unit.Memory.Records, r => Assert.True(r.Synced));
        HistoryBatch stored = sink.Batches[0];
        HistoryBatch resent = sink.Batches[1];
        // Same content, shifted time base: recognisable by content, as the store must do (design.md).
        Assert.Equal(stored.Records.Select(r => r with { Time = default }), resent.Records.Select(r => r with { Time = default }));
        Assert.InRange(resent.FirstRecordTime - stored.FirstRecordTime, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        // Without the duplicate, the output is exactly the ground truth.
        AssertGroundTruth(unit, sink.Batches.Skip(1).SelectMany(b => b.Records).ToList());
    }

    [Fact]
    public async Task A_unit_that_never_answers_HST_is_NoReply_and_disconnected()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];
        unit.IgnoreHistoryRequests = true;
        var sink = new Sink();

        HistoryDownloadResult result = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null,
            new HistorySessionOptions { FirstReplyTimeout = TimeSpan.FromMilliseconds(500) }, Wait.Timeout(30));

        Assert.Equal(HistoryOutcome.NoReply, result.Outcome);
        Assert.Empty(sink.Batches);
        Assert.False(unit.Connected);
    }

    [Fact]
    public async Task A_corrupt_packet_is_rejected_and_nothing_of_that_batch_is_acknowledged()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(initialRecords: 100));
        var unit = world.BlueZ.Emulator.Units[0];
        unit.CorruptNextBatch = true;
        var sink = new Sink();

        HistoryDownloadResult result = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, FastSession, Wait.Timeout(30));

        Assert.Equal(HistoryOutcome.Rejected, result.Outcome);
        Assert.Empty(sink.Batches);
        Assert.DoesNotContain(unit.Memory.Records, r => r.Synced);
    }

    // End of history without the long silence (HistorySessionOptions.EndAtNewestRecord), against the emulated unit.
    private static readonly HistorySessionOptions LongSilence = new()
    {
        FirstReplyTimeout = TimeSpan.FromSeconds(3),
        BetweenBatchesTimeout = TimeSpan.FromSeconds(20),
        BetweenPacketsTimeout = TimeSpan.FromSeconds(3),
    };

    [Theory]
    [InlineData(247)]
    [InlineData(23)]
    public async Task A_session_ends_right_after_the_batch_reaching_the_newest_record(int mtu)
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(mtu: mtu, initialRecords: 60));
        var unit = world.BlueZ.Emulator.Units[0];
        var sink = new Sink();

        HistoryDownloadResult result = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, LongSilence, Wait.Timeout(15));

        Assert.Equal((HistoryOutcome.Completed, 1, 60), (result.Outcome, result.BatchesAcknowledged, result.RecordsStored));
        Assert.True(result.EndedAtNewestRecord);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), $"took {result.Elapsed}: it waited for the silence");
        Assert.All(unit.Memory.Records, r => Assert.True(r.Synced));
        AssertGroundTruth(unit, sink.Records);
    }

    [Fact]
    public async Task A_session_with_more_batches_pending_still_gets_them_all_before_ending_early()
    {
        var options = EmulatedBlueZ.FastOptions(mtu: 247, initialRecords: 100);
        options.MaxBatchRecords = 30;
        await using TestWorld world = await TestWorld.StartAsync(options);
        var unit = world.BlueZ.Emulator.Units[0];
        var sink = new Sink();

        HistoryDownloadResult result = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, LongSilence, Wait.Timeout(15));

        Assert.Equal((HistoryOutcome.Completed, 4, 100), (result.Outcome, result.BatchesAcknowledged, result.RecordsStored));
        Assert.Equal([30, 30, 30, 10], sink.Batches.Select(b => b.Records.Count));
        Assert.True(result.EndedAtNewestRecord);
        Assert.All(unit.Memory.Records, r => Assert.True(r.Synced));
        AssertGroundTruth(unit, sink.Records);
    }

    [Theory]
    [InlineData(-300)] // the unit's time base runs five minutes behind the HST time
    [InlineData(120)] // … or two minutes ahead of it
    public async Task A_unit_whose_time_base_is_off_still_ends_on_the_silence_with_everything(int offsetSeconds)
    {
        var options = EmulatedBlueZ.FastOptions(mtu: 247, initialRecords: 100);
        options.MaxBatchRecords = 40;
        await using TestWorld world = await TestWorld.StartAsync(options);
        var unit = world.BlueZ.Emulator.Units[0];
        unit.TimeBaseOffset = TimeSpan.FromSeconds(offsetSeconds);
        var sink = new Sink();
        var silence = new HistorySessionOptions
        {
            FirstReplyTimeout = TimeSpan.FromSeconds(3),
            BetweenBatchesTimeout = TimeSpan.FromSeconds(1.5),
            BetweenPacketsTimeout = TimeSpan.FromSeconds(3),
        };

        HistoryDownloadResult result = await world.Central.DownloadHistoryAsync(unit.Address, sink.PersistAsync, null, silence, Wait.Timeout(15));

        Assert.Equal((HistoryOutcome.Completed, 3, 100), (result.Outcome, result.BatchesAcknowledged, result.RecordsStored));
        Assert.False(result.EndedAtNewestRecord);
        // Timers may fire a hair early; ending on the 0.5 s NewestRecordSilence would be a second early.
        Assert.True(result.Elapsed >= silence.BetweenBatchesTimeout - TimeSpan.FromMilliseconds(100), $"ended after {result.Elapsed}, before the silence");
        Assert.All(unit.Memory.Records, r => Assert.True(r.Synced));
        // The unit really stamped off the HST time: its newest record is the offset away from the minute before now.
        Assert.InRange(sink.Records[^1].Time - (world.Clock.GetUtcNow().AddMinutes(-1) + TimeSpan.FromSeconds(offsetSeconds)), TimeSpan.FromSeconds(-15), TimeSpan.FromSeconds(1));
    }
}
