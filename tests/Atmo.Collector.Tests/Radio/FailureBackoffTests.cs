using Atmo.Ble.BlueZ;
using Atmo.Ble.Protocol;
using Atmo.Collector.Radio;
using Atmo.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Timeout;

namespace Atmo.Collector.Tests.Radio;

public class FailureBackoffTests
{
    private static BlueZException BlueZ(BlueZErrorKind kind) => new(kind, "test", null, null);

    public static TheoryData<Exception, double> BaseDelays => new()
    {
        { BlueZ(BlueZErrorKind.InProgress), 2 },
        { BlueZ(BlueZErrorKind.Failed), 15 },
        { BlueZ(BlueZErrorKind.NotConnected), 15 },
        { BlueZ(BlueZErrorKind.Timeout), 30 },
        { BlueZ(BlueZErrorKind.DoesNotExist), 60 },
        { BlueZ(BlueZErrorKind.NotReady), 60 },
        { BlueZ(BlueZErrorKind.AccessDenied), 600 },
        { new HistorySyncException(HistoryOutcome.LinkLost, null), 15 },
        { new HistorySyncException(HistoryOutcome.NoReply, null), 60 },
        { new TimeoutRejectedException(), 300 },
    };

    [Theory]
    [MemberData(nameof(BaseDelays))]
    public void The_error_class_decides_the_base_delay(Exception failure, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), FailureBackoff.BaseDelay(failure));

    [Fact]
    public void Delays_double_per_attempt_with_jitter_and_stop_at_the_cap()
    {
        Exception failed = BlueZ(BlueZErrorKind.Failed);
        var max = TimeSpan.FromMinutes(30);

        AssertClose(TimeSpan.FromSeconds(15 * 0.75), FailureBackoff.Delay(failed, 0, max, 0));
        AssertClose(TimeSpan.FromSeconds(15 * 1.25), FailureBackoff.Delay(failed, 0, max, 0.99999999));
        AssertClose(TimeSpan.FromSeconds(60), FailureBackoff.Delay(failed, 2, max, 0.5));
        Assert.Equal(max, FailureBackoff.Delay(failed, 10, max, 0.99));
        Assert.Equal(max, FailureBackoff.Delay(failed, int.MaxValue, max, 0.99));
        AssertClose(max * 0.75, FailureBackoff.Delay(failed, 30, max, 0));
    }

    private static void AssertClose(TimeSpan expected, TimeSpan actual)
    {
        Assert.True(Math.Abs((expected - actual).TotalMilliseconds) < 1, $"expected {expected}, got {actual}");
    }

    [Fact]
    public async Task The_retry_pipeline_waits_on_the_time_provider_between_attempts()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var clock = new WaitAwareClock(time);
        var delays = new List<TimeSpan>();
        ResiliencePipeline pipeline = FailureBackoff.RetryPipeline(clock, TimeSpan.FromMinutes(30), args =>
        {
            delays.Add(args.RetryDelay);
            return ValueTask.CompletedTask;
        }, new Random(1));
        int attempts = 0;
        Task run = pipeline.ExecuteAsync(_ =>
        {
            if (++attempts < 4)
                throw BlueZ(BlueZErrorKind.InProgress);
            return ValueTask.CompletedTask;
        }, CancellationToken.None).AsTask();

        for (int i = 0; i < 100 && !run.IsCompleted; i++)
        {
            await clock.WaitingAsync(run);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, attempts);
        Assert.Equal(3, delays.Count);
        for (int i = 0; i < 3; i++)
        {
            double expected = 2 * Math.Pow(2, i);
            Assert.InRange(delays[i].TotalSeconds, expected * 0.75, expected * 1.25);
        }
    }

    [Fact]
    public async Task Nothing_happens_before_the_back_off_delay_has_passed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var clock = new WaitAwareClock(time);
        ResiliencePipeline pipeline = FailureBackoff.RetryPipeline(clock, TimeSpan.FromMinutes(30), _ => ValueTask.CompletedTask, new Random(1));
        int attempts = 0;
        using var stop = new CancellationTokenSource();
        Task run = pipeline.ExecuteAsync(_ =>
        {
            Interlocked.Increment(ref attempts);
            throw BlueZ(BlueZErrorKind.DoesNotExist);
        }, stop.Token).AsTask();

        await clock.WaitingAsync(); // the first attempt failed; the back-off delay is armed
        Assert.Equal(1, attempts);
        time.Advance(TimeSpan.FromSeconds(44)); // below 60 s × 0.75: no timer is due, nothing can run
        Assert.Equal(1, attempts);
        Assert.Equal(1, clock.Armed);
        time.Advance(TimeSpan.FromSeconds(31)); // past 60 s × 1.25
        await Eventually.UntilAsync(() => Volatile.Read(ref attempts) == 2, "the second attempt");
        await clock.WaitingAsync(); // and its back-off
        Assert.Equal(2, attempts);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
