using Atmo.Gateway.Api;
using Atmo.Gateway.Api.Access;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Gateway.Tests.Api.Access;

public sealed class MinuteRateLimiterTests
{
    private static MinuteRateLimiter Limiter(FakeTimeProvider time, int limit) =>
        new(time, Options.Create(new ApiOptions { RateLimitPerMinute = limit }));

    [Fact]
    public void Counts_per_key_and_resets_at_the_wall_clock_minute_not_a_minute_after_the_first_request()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 10, 0, 50, TimeSpan.Zero));
        MinuteRateLimiter limiter = Limiter(time, 2);

        Assert.True(limiter.TryAcquire(0, out _));
        Assert.True(limiter.TryAcquire(0, out _));
        Assert.False(limiter.TryAcquire(0, out int retryAfter));
        Assert.Equal(10, retryAfter);
        Assert.True(limiter.TryAcquire(1, out _));

        time.Advance(TimeSpan.FromSeconds(10)); // 10:01:00, only 10 s after the first request
        Assert.True(limiter.TryAcquire(0, out _));
        Assert.True(limiter.TryAcquire(0, out _));
        Assert.False(limiter.TryAcquire(0, out retryAfter));
        Assert.Equal(60, retryAfter);
    }

    [Fact]
    public void Refused_requests_are_not_counted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero));
        MinuteRateLimiter limiter = Limiter(time, 1);

        Assert.True(limiter.TryAcquire(0, out _));
        for (int i = 0; i < 100; i++)
            Assert.False(limiter.TryAcquire(0, out _));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(limiter.TryAcquire(0, out _));
    }

    [Fact]
    public async Task Concurrent_requests_never_exceed_the_limit()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero));
        MinuteRateLimiter limiter = Limiter(time, 500);
        int granted = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                if (limiter.TryAcquire(0, out _))
                    Interlocked.Increment(ref granted);
            }
        })));

        Assert.Equal(500, granted);
    }
}
