using Atmo.Sync.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Sync.Tests.RateLimiting;

public class MinuteWindowRateLimiterTests
{
    [Fact]
    public async Task The_window_is_the_wall_clock_minute_and_waits_run_on_the_time_provider()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 50, TimeSpan.Zero));
        var limiter = new MinuteWindowRateLimiter(3, clock);
        for (int i = 0; i < 3; i++)
            (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
        Assert.Equal(3, limiter.UsedThisMinute);

        Task<IDisposable> fourth = limiter.AcquireAsync(CancellationToken.None);
        Task<DateTimeOffset> releasedAt = ReleaseTime(fourth, clock);
        Assert.False(fourth.IsCompleted);                  // no real-time wait lets it through
        clock.Advance(TimeSpan.FromSeconds(9));            // 12:00:59: still the same minute
        clock.Advance(TimeSpan.FromSeconds(1));            // 12:01:00: a new window, only 10 s after the first request
        (await fourth.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 1, 0, TimeSpan.Zero), await releasedAt);
        Assert.Equal(1, limiter.UsedThisMinute);
    }

    [Fact]
    public async Task After_a_429_nobody_sends_before_the_block_ends()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 10, TimeSpan.Zero));
        var limiter = new MinuteWindowRateLimiter(60, clock);
        limiter.BlockUntil(clock.GetUtcNow().AddSeconds(30));

        Task<IDisposable> next = limiter.AcquireAsync(CancellationToken.None);
        Task<DateTimeOffset> releasedAt = ReleaseTime(next, clock);
        clock.Advance(TimeSpan.FromSeconds(29));
        clock.Advance(TimeSpan.FromSeconds(1));
        using IDisposable lease = await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 40, TimeSpan.Zero), await releasedAt);   // not a second before the block ends
        Assert.Equal(1, limiter.InFlight);
    }

    [Fact]
    public async Task Leases_count_requests_in_flight()
    {
        var limiter = new MinuteWindowRateLimiter(60, new FakeTimeProvider());
        IDisposable a = await limiter.AcquireAsync(CancellationToken.None);
        IDisposable b = await limiter.AcquireAsync(CancellationToken.None);
        a.Dispose();
        a.Dispose();
        Assert.Equal(1, limiter.InFlight);
        b.Dispose();
        Assert.Equal(0, limiter.InFlight);
    }

    /// <summary>The fake clock's time when <paramref name="acquire"/> completes (read by the thread that completes it).</summary>
    private static Task<DateTimeOffset> ReleaseTime(Task acquire, TimeProvider clock) =>
        acquire.ContinueWith(_ => clock.GetUtcNow(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
