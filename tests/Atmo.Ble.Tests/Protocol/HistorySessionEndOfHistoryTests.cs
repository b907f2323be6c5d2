using Atmo.Ble.Protocol;
using Atmo.Ble.Tests.Protocol.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static Atmo.Ble.Tests.Protocol.Support.HistoryWire;

namespace Atmo.Ble.Tests.Protocol;

/// <summary>
/// How a session ends: at once after the batch that reaches the newest record (HST − 60 s, §4.5), otherwise on the
/// long end-of-history silence.
/// </summary>
public sealed class HistorySessionEndOfHistoryTests
{
    private static readonly uint HstTime = 0x6AC3C645;

    /// <summary>A batch of <paramref name="count"/> records whose last record is stamped HST − 60 s + <paramref name="lastOffsetSeconds"/>.</summary>
    private static List<byte[]> BatchEndingAt(int lastOffsetSeconds, int count = 60, int first = 0) =>
        Batch((uint)(HstTime - 60 + lastOffsetSeconds - ((count - 1) * 60)), Enumerable.Range(first, count).Select(i => SampleRecord(i)).ToArray(), 15);

    [Theory]
    [InlineData(0)] // exactly the newest record, as in the capture
    [InlineData(59)] // within one record interval after it (±60 s accuracy)
    [InlineData(60)]
    public async Task A_batch_reaching_the_newest_record_ends_the_session_after_the_short_silence(int lastOffsetSeconds)
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device([Reply(), .. BatchEndingAt(lastOffsetSeconds)]);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal((HistoryOutcome.Completed, 1, 60), (result.Outcome, result.BatchesAcknowledged, result.RecordsStored));
        Assert.True(result.EndedAtNewestRecord);
        Assert.InRange(result.Elapsed, harness.Options.NewestRecordSilence, harness.Options.NewestRecordSilence + harness.Step);
        Assert.Single(link.Acknowledgements);
    }

    [Theory]
    [InlineData(-60)] // one minute short: a record may follow
    [InlineData(-1)]
    [InlineData(61)] // later than the device can stamp: its time base is not the HST time
    [InlineData(-3600)]
    public async Task A_batch_ending_elsewhere_waits_for_the_full_silence(int lastOffsetSeconds)
    {
        var harness = new SessionHarness();
        ScriptedUartLink link = harness.Device([Reply(), .. BatchEndingAt(lastOffsetSeconds)]);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal((HistoryOutcome.Completed, 1), (result.Outcome, result.BatchesAcknowledged));
        Assert.False(result.EndedAtNewestRecord);
        Assert.True(result.Elapsed >= harness.Options.BetweenBatchesTimeout, $"waited only {result.Elapsed}");
    }

    [Fact]
    public async Task Switched_off_it_always_waits_for_the_full_silence()
    {
        var harness = new SessionHarness();
        harness.Options.EndAtNewestRecord = false;

        HistoryDownloadResult result = await harness.RunAsync(harness.Device([Reply(), .. BatchEndingAt(0)]));

        Assert.Equal((HistoryOutcome.Completed, 60), (result.Outcome, result.RecordsStored));
        Assert.False(result.EndedAtNewestRecord);
        Assert.True(result.Elapsed >= harness.Options.BetweenBatchesTimeout);
    }

    [Fact]
    public async Task Earlier_batches_keep_the_session_going_until_the_one_reaching_the_newest_record()
    {
        var harness = new SessionHarness();
        // 600 records in batches of 255, 255, 90: only the third ends at HST − 60 s.
        List<byte[]>[] batches = [BatchEndingAt(-345 * 60, 255), BatchEndingAt(-90 * 60, 255, 255), BatchEndingAt(0, 90, 510)];
        ScriptedUartLink link = harness.Device([Reply(), .. batches[0]], ack => ack + 1 < batches.Length ? batches[ack + 1] : []);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal((HistoryOutcome.Completed, 3, 3, 600), (result.Outcome, result.BatchesStored, result.BatchesAcknowledged, result.RecordsStored));
        Assert.True(result.EndedAtNewestRecord);
        Assert.True(result.Elapsed < harness.Options.BetweenBatchesTimeout);
        HistoryRecord[] all = harness.Persisted.SelectMany(b => b.Records).ToArray();
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(HstTime - 60), all[^1].Time);
    }

    [Fact]
    public async Task A_batch_that_comes_anyway_after_the_newest_record_is_still_stored_and_acknowledged()
    {
        var harness = new SessionHarness();
        // A device that stamps one record more than expected: the second batch arrives during the short silence.
        ScriptedUartLink link = harness.Device([Reply(), .. BatchEndingAt(0)], ack => ack == 0 ? BatchEndingAt(60, 1, 60) : []);

        HistoryDownloadResult result = await harness.RunAsync(link);

        Assert.Equal((HistoryOutcome.Completed, 2, 2, 61), (result.Outcome, result.BatchesStored, result.BatchesAcknowledged, result.RecordsStored));
        Assert.True(result.EndedAtNewestRecord);
        Assert.Equal(2, link.Acknowledgements.Count());
    }

    [Fact]
    public async Task The_newest_record_is_judged_against_the_whole_seconds_sent_in_HST()
    {
        // Host time 0.9 s past the HST second: the device back-dates from the truncated seconds it received.
        var harness = new SessionHarness(SessionHarness.CaptureHstTime.AddMilliseconds(900));

        HistoryDownloadResult result = await harness.RunAsync(harness.Device([Reply(), .. BatchEndingAt(0)]));

        Assert.True(result.EndedAtNewestRecord);
    }

    [Fact]
    public void A_negative_short_silence_is_refused_with_the_option_named()
    {
        var options = new HistorySessionOptions { NewestRecordSilence = TimeSpan.FromSeconds(-1) };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HistorySession(options, TimeProvider.System, NullLogger<HistorySession>.Instance));

        Assert.Contains("NewestRecordSilence", error.Message, StringComparison.Ordinal);
    }
}
