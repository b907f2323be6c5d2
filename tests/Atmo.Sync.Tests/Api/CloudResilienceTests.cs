using Atmo.Sync.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Atmo.Sync.Tests.Api;

public class CloudResilienceTests
{
    [Fact]
    public async Task The_breaker_opens_after_repeated_failures_and_the_first_success_closes_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var resilience = new CloudResilience(new CloudOptions(), clock, NullLogger<CloudResilience>.Instance);
        int calls = 0;
        ValueTask<int> Fail(CancellationToken _)
        {
            calls++;
            throw new CloudTransientException("HTTP 503");
        }

        for (int i = 0; i < 5; i++)
            await Assert.ThrowsAsync<CloudTransientException>(() => resilience.Attempt.ExecuteAsync(Fail).AsTask());
        Assert.Equal("Open", resilience.CircuitState.ToString());
        await Assert.ThrowsAsync<BrokenCircuitException>(() => resilience.Attempt.ExecuteAsync(Fail).AsTask());
        Assert.Equal(5, calls);                              // open: the network is left alone

        clock.Advance(CloudResilience.BreakDuration);
        Assert.Equal(1, await resilience.Attempt.ExecuteAsync(_ => ValueTask.FromResult(1)));
        Assert.Equal("Closed", resilience.CircuitState.ToString());
    }

    [Fact]
    public async Task Format_errors_and_429_are_neither_retried_nor_counted_by_the_breaker()
    {
        var resilience = new CloudResilience(new CloudOptions(), new FakeTimeProvider(), NullLogger<CloudResilience>.Instance);
        int calls = 0;
        for (int i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<CloudFormatException>(() => resilience.Retry.ExecuteAsync(_ =>
                resilience.Attempt.ExecuteAsync<int>(_ => { calls++; throw new CloudFormatException("html"); })).AsTask());
            await Assert.ThrowsAsync<CloudRateLimitedException>(() => resilience.Attempt.ExecuteAsync<int>(_ => throw new CloudRateLimitedException("429", null)).AsTask());
        }
        Assert.Equal(10, calls);
        Assert.Equal("Closed", resilience.CircuitState.ToString());
    }
}
