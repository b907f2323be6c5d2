using Atmo.Ble.Protocol;
using Atmo.Ble.Tests.Protocol.Support;
using static Atmo.Ble.Tests.Protocol.Support.HistoryWire;

namespace Atmo.Ble.Tests.Protocol;

/// <summary>Every way a session ends without acknowledging: the batch in flight must stay on the device.</summary>
public sealed class HistorySessionFailureTests
{
    private const uint HstTime = 0x6AC3C645;
    private const uint GoodFirst = HstTime - (37 * 60);

    private static readonly byte[] R = SampleRecord(1);

    public static TheoryData<string, byte[][], string> RejectedSequences => new()
    {
        // §8.3 H10
        { "H10: second HD repeats the running total", [Header(GoodFirst, 2), Data(1, R), Data(1, R)], "does not match" },
        { "H10: running total jumps past the records sent", [Header(GoodFirst, 3), Data(1, R), Data(3, R)], "does not match" },
        { "H10: running total exceeds the count", [Header(GoodFirst, 2), Data(3, R, R, R)], "exceeds" },
        { "H10: payload not a multiple of the record size", [Header(GoodFirst, 2), Data(1, R, R[..4])], "not a multiple" },
        { "record size below the 14 known bytes", [Header(GoodFirst, 2, recordSize: 13)], "below the 14" },
        { "HD without HT", [Reply(), Data(1, R)], "without an HT" },
        { "HD carrying no record", [Header(GoodFirst, 2), Data(0)], "carries no record" },
        { "new HT in the middle of a batch", [Header(GoodFirst, 2), Data(1, R), Header(GoodFirst, 2)], "new HT" },
        { "HO in the middle of a batch", [Header(GoodFirst, 2), Data(1, R), Reply()], "HO reply" },
        { "unknown notification in the middle of a batch", [Header(GoodFirst, 2), Hex("414243")], "unknown notification" },
    };

    [Theory]
    [MemberData(nameof(RejectedSequences))]
    public async Task Inconsistent_or_implausible_packets_are_rejected_without_storing_or_acknowledging(
        string name, byte[][] notifications, string expected)
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device(notifications);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.True(HistoryOutcome.Rejected == result.Outcome, $"{name}: {result.Outcome} ({result.Problem})");
        Assert.Contains(expected, result.Problem, StringComparison.Ordinal);
        Assert.Empty(harness.Persisted);
        Assert.Empty(link.Acknowledgements);
        Assert.Equal(["write HST"], harness.Events.Snapshot());
    }

    /// <summary>
    /// Times are the persisting side's decision (the collector stores, quarantines or re-anchors, with the HST time
    /// it gets in the batch): a session never rejects a batch for its times, so a wrong clock is never a batch
    /// retried at every visit.
    /// </summary>
    [Theory]
    [InlineData(1_451_606_399u, 1)] // before 2016
    [InlineData(HstTime + 3600, 1)] // an hour ahead
    [InlineData(HstTime - 60, 30)] // the last record 29 minutes ahead
    [InlineData(0x99BDC36Au, 37)] // H11: a little-endian time reads as 2051
    public async Task Implausible_times_are_persisted_with_the_HST_time_and_acknowledged(uint first, int count)
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device(Batch(first, [.. Enumerable.Repeat(R, count)], 15), _ => []);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.Completed, result.Outcome);
        HistoryBatch batch = Assert.Single(harness.Persisted);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(first), batch.FirstRecordTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(HstTime), batch.RequestTime);
        Assert.Equal(batch.LastRecordTime, result.NewestRecordTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(HstTime), result.RequestTime);
        Assert.Single(link.Acknowledgements);
    }

    [Fact]
    public async Task An_HT_with_a_count_of_0_means_no_history_acknowledged_and_completed()
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device([Reply(), Header(GoodFirst, 0)]);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.Completed, result.Outcome);
        Assert.Equal(0, result.RecordsStored);
        Assert.Empty(harness.Persisted);
        Assert.Single(link.Acknowledgements);
    }

    [Fact]
    public void H11_little_endian_time_would_read_as_2051()
    {
        uint swapped = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(0x6AC3BD99u);
        Assert.Equal(2051, DateTimeOffset.FromUnixTimeSeconds(swapped).Year);
    }

    [Fact]
    public async Task A_bad_second_batch_keeps_the_first_acknowledged_and_the_second_on_the_device()
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device(
            Batch(GoodFirst, [R, R], 15),
            ack => ack == 0 ? [Header(GoodFirst + 120, 2), Data(2, R)] : []);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.Rejected, result.Outcome);
        Assert.Equal((1, 1, 2), (result.BatchesStored, result.BatchesAcknowledged, result.RecordsStored));
        Assert.Single(link.Acknowledgements);
        Assert.Contains("batch 1", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Link_lost_in_the_middle_of_a_batch_stores_and_acknowledges_nothing(bool withError)
    {
        var harness = new SessionHarness();
        byte[][] records = Enumerable.Range(0, 30).Select(i => SampleRecord(i)).ToArray();
        ScriptedUartLink link = harness.Device(Batch(GoodFirst, records, 15)[..2]);

        Task<HistoryDownloadResult> run = harness.Start(link);
        link.Drop(withError ? new LinkLostException("device disconnected") : null);
        await harness.DriveAsync(run);
        HistoryDownloadResult result = await run;

        Assert.Equal(HistoryOutcome.LinkLost, result.Outcome);
        Assert.Contains("batch 0", result.Problem, StringComparison.Ordinal);
        if (withError)
            Assert.Contains("device disconnected", result.Problem, StringComparison.Ordinal);
        Assert.Empty(harness.Persisted);
        Assert.Empty(link.Acknowledgements);
    }

    [Fact]
    public async Task Link_lost_with_any_exception_counts_as_link_lost()
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device([Header(GoodFirst, 2)]);

        Task<HistoryDownloadResult> run = harness.Start(link);
        link.Drop(new IOException("org.bluez.Error.Failed"));
        await harness.DriveAsync(run);

        Assert.Equal(HistoryOutcome.LinkLost, (await run).Outcome);
        Assert.Empty(link.Acknowledgements);
    }

    [Fact]
    public async Task Link_lost_after_an_acknowledged_batch_keeps_the_counts()
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device(Batch(GoodFirst, [R], 15));

        Task<HistoryDownloadResult> run = harness.Start(link);
        link.Drop(new LinkLostException("gone"));
        await harness.DriveAsync(run);
        HistoryDownloadResult result = await run;

        Assert.Equal(HistoryOutcome.LinkLost, result.Outcome);
        Assert.Equal((1, 1), (result.BatchesStored, result.BatchesAcknowledged));
    }

    [Fact]
    public async Task Persist_failure_is_not_acknowledged()
    {
        var harness = new SessionHarness();
        harness.PersistOverride = (_, _) => throw new InvalidOperationException("disk full");
        ScriptedUartLink link = harness.Device(Batch(GoodFirst, [R, R], 15));

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.PersistFailed, result.Outcome);
        Assert.Contains("disk full", result.Problem, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), (result.BatchesStored, result.BatchesAcknowledged, result.RecordsStored));
        Assert.Empty(link.Acknowledgements);
        Assert.Empty(harness.Progress);
    }

    [Fact]
    public async Task Persist_failing_asynchronously_is_not_acknowledged()
    {
        var harness = new SessionHarness();
        harness.PersistOverride = async (_, _) =>
        {
            await Task.Yield();
            throw new IOException("fsync failed");
        };
        ScriptedUartLink link = harness.Device(Batch(GoodFirst, [R], 15));

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.PersistFailed, result.Outcome);
        Assert.Empty(link.Acknowledgements);
    }

    [Fact]
    public async Task Stalled_batch_times_out_unacknowledged()
    {
        var harness = new SessionHarness();
        byte[][] records = Enumerable.Range(0, 30).Select(i => SampleRecord(i)).ToArray();
        ScriptedUartLink link = harness.Device(Batch(GoodFirst, records, 15)[..2]);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.TimedOut, result.Outcome);
        Assert.Contains("15 of 30", result.Problem, StringComparison.Ordinal);
        Assert.Empty(harness.Persisted);
        Assert.Empty(link.Acknowledgements);
    }

    [Fact]
    public async Task Cancelled_in_the_middle_of_a_batch_acknowledges_nothing()
    {
        var harness = new SessionHarness();
        using var cancel = new CancellationTokenSource();
        ScriptedUartLink link = harness.Device([Header(GoodFirst, 2), Data(1, R)]);

        Task<HistoryDownloadResult> run = harness.Start(link, cancel.Token);
        await cancel.CancelAsync();
        await harness.DriveAsync(run);
        HistoryDownloadResult result = await run;

        Assert.Equal(HistoryOutcome.Cancelled, result.Outcome);
        Assert.Empty(harness.Persisted);
        Assert.Empty(link.Acknowledgements);
    }

    [Fact]
    public async Task Cancelled_while_persisting_acknowledges_nothing()
    {
        var harness = new SessionHarness();
        using var cancel = new CancellationTokenSource();
        harness.PersistOverride = async (_, token) =>
        {
            await cancel.CancelAsync();
            token.ThrowIfCancellationRequested();
        };
        ScriptedUartLink link = harness.Device(Batch(GoodFirst, [R], 15));

        HistoryDownloadResult result = await harness.RunAsync(link, cancel.Token);

        Assert.Equal(HistoryOutcome.Cancelled, result.Outcome);
        Assert.Empty(link.Acknowledgements);
    }

    [Fact]
    public async Task Cancelled_after_persist_returned_does_not_acknowledge()
    {
        var harness = new SessionHarness();
        using var cancel = new CancellationTokenSource();
        harness.PersistOverride = (_, _) => cancel.CancelAsync();
        ScriptedUartLink link = harness.Device(Batch(GoodFirst, [R], 15));

        HistoryDownloadResult result = await harness.RunAsync(link, cancel.Token);

        Assert.Equal(HistoryOutcome.Cancelled, result.Outcome);
        Assert.Equal((1, 0), (result.BatchesStored, result.BatchesAcknowledged));
        Assert.Empty(link.Acknowledgements);
    }

    [Fact]
    public async Task Failed_request_write_is_link_lost()
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device([]);
        link.FailWriteAt = 0;

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.LinkLost, result.Outcome);
        Assert.Contains("HST", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_acknowledge_write_is_link_lost_with_the_batch_stored_but_unacknowledged()
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device(Batch(GoodFirst, [R], 15));
        link.FailWriteAt = 1;

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal(HistoryOutcome.LinkLost, result.Outcome);
        Assert.Contains("HOK", result.Problem, StringComparison.Ordinal);
        Assert.Equal((1, 0), (result.BatchesStored, result.BatchesAcknowledged));
    }
}
