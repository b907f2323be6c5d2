using Atmo.Gateway.Storage;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Storage;
using Atmo.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Gateway.Tests.Storage;

public sealed class RetentionServiceTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 10, 14, 30, 27, TimeSpan.Zero);

    private static async Task<(RetentionService Service, InMemoryMinuteStore Store, FakeTimeProvider Time, FakeLogCollector Logs)> StartAsync(int days, Exception? failure = null)
    {
        var store = new InMemoryMinuteStore(TestData.All()) { Failure = failure };
        var time = new FakeTimeProvider(Now);
        var logger = new FakeLogger<RetentionService>();
        var service = new RetentionService(store, Options.Create(new StorageOptions { RetentionDays = days }), time, logger);
        await service.StartAsync(CancellationToken.None);
        return (service, store, time, logger.Collector);
    }

    [Fact]
    public async Task Deletes_older_than_the_retention_at_start_and_then_daily()
    {
        (RetentionService service, InMemoryMinuteStore store, FakeTimeProvider time, _) = await StartAsync(days: 30);

        await Eventually.UntilAsync(() => store.DeleteCalls.Count == 1, "the run at start");
        Assert.Equal(new DateTime(2024, 2, 9, 14, 30, 0, DateTimeKind.Utc), store.DeleteCalls[0]);

        time.Advance(TimeSpan.FromHours(23));
        time.Advance(TimeSpan.FromHours(1));
        await Eventually.UntilAsync(() => store.DeleteCalls.Count == 2, "the run a day later");
        // Its cutoff is a day after the first: it ran at 24 h, not at 23 h.
        Assert.Equal(new DateTime(2024, 2, 10, 14, 30, 0, DateTimeKind.Utc), store.DeleteCalls[1]);
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(2, store.DeleteCalls.Count);
    }

    [Fact]
    public async Task Keeps_everything_when_retention_is_zero()
    {
        (RetentionService service, InMemoryMinuteStore store, FakeTimeProvider time, FakeLogCollector logs) = await StartAsync(days: 0);

        // The service ends at once, without a timer: nothing can delete later.
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromDays(3));

        Assert.Empty(store.DeleteCalls);
        Assert.Contains(logs.GetSnapshot(), e => e.Message.Contains("every minute is kept", StringComparison.Ordinal));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failed_run_is_logged_and_retried_the_next_day()
    {
        (RetentionService service, InMemoryMinuteStore store, FakeTimeProvider time, FakeLogCollector logs) =
            await StartAsync(days: 7, failure: new IOException("disk full"));

        await Eventually.UntilAsync(() => store.DeleteCalls.Count == 1, "the run at start");
        await Eventually.UntilAsync(() => logs.GetSnapshot().Any(e => e.Level == LogLevel.Error), "the failure logged");
        time.Advance(TimeSpan.FromDays(1));
        await Eventually.UntilAsync(() => store.DeleteCalls.Count == 2, "the retry a day later");

        Assert.NotNull(service.ExecuteTask);
        Assert.False(service.ExecuteTask!.IsCompleted);
        await service.StopAsync(CancellationToken.None);
    }
}
