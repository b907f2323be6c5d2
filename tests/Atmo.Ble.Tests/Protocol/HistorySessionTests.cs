using Atmo.Ble.Protocol;
using Atmo.Ble.Tests.Protocol.Support;
using Microsoft.Extensions.Logging;
using static Atmo.Ble.Tests.Protocol.Support.HistoryWire;

namespace Atmo.Ble.Tests.Protocol;

/// <summary>The happy paths of the history session: shapes of real exchanges, ordering, progress, endings.</summary>
public sealed class HistorySessionTests
{
    private static readonly uint HstTime = 0x6AC3C645;

    [Fact]
    public async Task Capture_shaped_exchange_is_stored_then_acknowledged_and_ends_at_the_newest_record()
    {
        // §4.3/§4.8: HST 0x6AC3C645 → HO, HT first 0x6AC3BD99 count 37 size 16, HD 15/30/37 of 244/244/116 bytes.
        var harness = new SessionHarness();
        byte[] firstRecord = Hex("80 80 FF FF 61 8E 01 00 01 00 01 00 03 00 00 00");
        byte[][] records = [firstRecord, .. Enumerable.Range(1, 36).Select(i => SampleRecord(i))];
        byte[][] reply =
        [
            Reply(),
            Hex("48 54 00 6A C3 BD 99 25 10"),
            Data(15, records[..15]),
            Data(30, records[15..30]),
            Data(37, records[30..]),
        ];
        Assert.Equal([244, 244, 116], reply[2..].Select(p => p.Length));
        ScriptedUartLink link = harness.Device(reply);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.Completed, result.Outcome);
        Assert.Null(result.Problem);
        Assert.Equal(Hex("48 53 54 6A C3 C6 45"), link.Writes[0]);
        Assert.Equal((1, 1, 37, 9 + 244 + 244 + 116L), (result.BatchesStored, result.BatchesAcknowledged, result.RecordsStored, result.Bytes));

        HistoryBatch batch = Assert.Single(harness.Persisted);
        Assert.Equal((0, 16, 4, 613), (batch.Sequence, batch.RecordSize, batch.Packets, batch.Bytes));
        Assert.Equal(DateTimeOffset.Parse("2026-10-05T15:09:13Z"), batch.FirstRecordTime);
        Assert.Equal(new HistoryRecord(DateTimeOffset.Parse("2026-10-05T15:09:13Z"), null, null, null, 101_985, 1, 1, 3), batch.Records[0]);
        // The device back-dates from the HST time: the newest record is stamped HST − 60 s.
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(HstTime - 60), batch.Records[^1].Time);

        Assert.Equal(["write HST", "persist 0", "persisted 0", "write HOK", "progress 1"], harness.Events.Snapshot());
        byte[] hok = Assert.Single(link.Acknowledgements);
        Assert.Equal(Hex("48 4F 4B 6A C3 C6 45"), hok);
        // The batch reached HST − 60 s: only the short silence, not the 15 s one.
        Assert.True(result.EndedAtNewestRecord);
        Assert.InRange(result.Elapsed, harness.Options.NewestRecordSilence, harness.Options.BetweenBatchesTimeout - TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Mtu_23_shape_one_record_per_data_packet_is_accepted_without_a_reply()
    {
        var harness = new SessionHarness();
        byte[][] records = Enumerable.Range(0, 40).Select(i => SampleRecord(i)).ToArray();
        List<byte[]> packets = Batch(HstTime - (40 * 60), records, recordsPerData: 1);
        Assert.All(packets, p => Assert.True(p.Length <= 20, "an ATT MTU of 23 carries 20-byte notifications"));

        HistoryDownloadResult result = await harness.RunAsync(harness.Device(packets));

        Assert.Equal(HistoryOutcome.Completed, result.Outcome);
        HistoryBatch batch = Assert.Single(harness.Persisted);
        Assert.Equal(41, batch.Packets);
        Assert.Equal(40, batch.Records.Count);
        for (int i = 0; i < 40; i++)
            Assert.Equal(batch.FirstRecordTime.AddMinutes(i), batch.Records[i].Time);
        Assert.Equal(100 + 39, batch.Records[39].VocPpb);
    }

    [Fact]
    public async Task Mtu_247_shape_fifteen_records_per_data_packet_fills_a_255_record_batch()
    {
        var harness = new SessionHarness();
        byte[][] records = Enumerable.Range(0, 255).Select(i => SampleRecord(i)).ToArray();
        List<byte[]> packets = Batch(HstTime - (255 * 60), records, recordsPerData: 15);
        Assert.Equal(1 + 17, packets.Count);
        Assert.All(packets.Skip(1), p => Assert.Equal(244, p.Length));

        ScriptedUartLink link = harness.Device(packets);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.Completed, result.Outcome);
        HistoryBatch batch = Assert.Single(harness.Persisted);
        Assert.Equal((255, 18), (batch.Records.Count, batch.Packets));
        Assert.Equal(Enumerable.Range(0, 255).Select(i => 100 + i), batch.Records.Select(r => r.VocPpb!.Value));
        Assert.Single(link.Acknowledgements);
    }

    [Fact]
    public async Task Several_batches_are_numbered_acknowledged_each_and_reported()
    {
        var harness = new SessionHarness();
        int[] sizes = [255, 255, 37];
        uint first = HstTime - (uint)(sizes.Sum() * 60);
        List<List<byte[]>> batches = [];
        int offset = 0;
        foreach (int size in sizes)
        {
            byte[][] records = Enumerable.Range(offset, size).Select(i => SampleRecord(i)).ToArray();
            batches.Add(Batch(first + (uint)(offset * 60), records, recordsPerData: 15));
            offset += size;
        }

        ScriptedUartLink link = harness.Device([Reply(), .. batches[0]], ack => ack + 1 < batches.Count ? batches[ack + 1] : []);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.Completed, result.Outcome);
        Assert.Equal([0, 1, 2], harness.Persisted.Select(b => b.Sequence));
        Assert.Equal(sizes, harness.Persisted.Select(b => b.Records.Count));
        Assert.Equal((3, 3, 547), (result.BatchesStored, result.BatchesAcknowledged, result.RecordsStored));
        Assert.Equal(3, link.Acknowledgements.Count());
        Assert.Equal([255, 510, 547], harness.Progress.Select(p => p.Records));
        Assert.Equal([1, 2, 3], harness.Progress.Select(p => p.Batches));
        Assert.True(harness.Progress[1].Bytes > harness.Progress[0].Bytes);
        Assert.Equal(
            ["write HST", "persist 0", "persisted 0", "write HOK", "progress 1",
             "persist 1", "persisted 1", "write HOK", "progress 2",
             "persist 2", "persisted 2", "write HOK", "progress 3"],
            harness.Events.Snapshot());
        // Record times continue across batches: one minute apart throughout.
        HistoryRecord[] all = harness.Persisted.SelectMany(b => b.Records).ToArray();
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(1), pair.Second.Time - pair.First.Time));
    }

    [Fact]
    public async Task Acknowledge_is_written_only_after_persist_returned()
    {
        var harness = new SessionHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var persisting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.PersistOverride = (_, _) =>
        {
            persisting.SetResult();
            return gate.Task;
        };
        ScriptedUartLink link = harness.Device(Batch(HstTime - 600, [SampleRecord(1), SampleRecord(2)], 15));

        Task<HistoryDownloadResult> run = harness.Start(link);
        await persisting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("persist 0", harness.Events.Snapshot());
        Assert.Empty(link.Acknowledgements);
        Assert.False(run.IsCompleted);

        gate.SetResult();
        await harness.DriveAsync(run);

        Assert.Equal(HistoryOutcome.Completed, (await run).Outcome);
        Assert.Equal(["write HST", "persist 0", "persisted 0", "write HOK", "progress 1"], harness.Events.Snapshot());
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(2, false)]
    public async Task Slow_persist_is_acknowledged_but_warns_about_the_five_second_window(int persistSeconds, bool warns)
    {
        var harness = new SessionHarness();
        harness.PersistOverride = (_, _) =>
        {
            harness.Time.Advance(TimeSpan.FromSeconds(persistSeconds));
            return Task.CompletedTask;
        };

        HistoryDownloadResult result = await harness.RunAsync(harness.Device(Batch(HstTime - 600, [SampleRecord(1)], 15)));

        Assert.Equal((HistoryOutcome.Completed, 1), (result.Outcome, result.BatchesAcknowledged));
        Assert.Equal(warns, harness.Logger.Collector.GetSnapshot().Any(e => e.Level == LogLevel.Warning && e.Message.Contains("5 s for HOK", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Observe_only_stores_the_first_batch_never_acknowledges_and_ends_without_waiting()
    {
        var harness = new SessionHarness();
        harness.Options.Acknowledge = false;
        List<byte[]> batch = Batch(HstTime - 600, [SampleRecord(1), SampleRecord(2), SampleRecord(3)], 15);
        ScriptedUartLink link = harness.Device([Reply(), .. batch]);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.Completed, result.Outcome);
        Assert.Equal((1, 0, 3), (result.BatchesStored, result.BatchesAcknowledged, result.RecordsStored));
        Assert.Empty(link.Acknowledgements);
        Assert.Single(link.Writes);
        Assert.Single(harness.Progress);
        Assert.True(result.Elapsed < harness.Options.BetweenBatchesTimeout, "observe-only must not wait for a re-send");
    }

    [Fact]
    public async Task No_reply_to_the_request_is_NoReply_after_the_first_reply_timeout()
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device([]);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.NoReply, result.Outcome);
        Assert.NotNull(result.Problem);
        Assert.True(result.Elapsed >= harness.Options.FirstReplyTimeout);
        Assert.True(result.Elapsed < harness.Options.BetweenBatchesTimeout, "NoReply uses the first-reply timeout");
        Assert.Single(link.Writes);
        Assert.Empty(harness.Persisted);
    }

    [Fact]
    public async Task A_reply_followed_by_silence_means_nothing_to_sync()
    {
        var harness = new SessionHarness();

        HistoryDownloadResult result = await harness.RunAsync(harness.Device([Reply()]));

        Assert.Equal(HistoryOutcome.Completed, result.Outcome);
        Assert.Equal((0, 0, 0), (result.BatchesStored, result.BatchesAcknowledged, result.RecordsStored));
        Assert.Empty(harness.Progress);
    }

    [Fact]
    public async Task Record_size_above_sixteen_skips_the_extra_bytes_and_warns()
    {
        var harness = new SessionHarness();
        var record = new HistoryRecord(default, -5, 80, 1234, 98_765, 3, 5, 7);
        byte[] wide = Record(record, recordSize: 20, extra: 0xAB);
        List<byte[]> packets = Batch(HstTime - 120, [wide, wide], recordsPerData: 2, recordSize: 20);

        HistoryDownloadResult result = await harness.RunAsync(harness.Device(packets));

        Assert.Equal(HistoryOutcome.Completed, result.Outcome);
        HistoryBatch batch = Assert.Single(harness.Persisted);
        Assert.Equal(20, batch.RecordSize);
        Assert.All(batch.Records, r => Assert.Equal(record with { Time = r.Time }, r));
        Assert.Contains(harness.Logger.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Message.Contains("record size 20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nonzero_reserved_byte_is_logged_but_the_batch_is_kept()
    {
        var harness = new SessionHarness();
        List<byte[]> packets = Batch(HstTime - 120, [SampleRecord(1)], 15);
        packets[0][2] = 0x01;

        HistoryDownloadResult result = await harness.RunAsync(harness.Device(packets));

        Assert.Equal((HistoryOutcome.Completed, 1), (result.Outcome, result.BatchesAcknowledged));
        Assert.Contains(harness.Logger.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Message.Contains("HT byte 2 is 0x01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_notification_between_batches_is_ignored()
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device(Batch(HstTime - 120, [SampleRecord(1)], 15), _ => [Hex("0102"), Reply()]);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal((HistoryOutcome.Completed, 1), (result.Outcome, result.BatchesAcknowledged));
    }
}
