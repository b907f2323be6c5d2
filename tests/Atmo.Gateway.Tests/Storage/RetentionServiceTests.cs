using Atmo.Gateway.Storage;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Gateway.Tests.Storage;

public sealed class RetentionServiceTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 10, 14, 30, 27, TimeSpan.Zero);

    private static async Task<(RetentionService Service, InMemoryMinuteStore Store, FakeTimeProvider Time, CapturingLoggerProvider Logs)> StartAsync(int days, Exception? failure = null)
    {
        var store = new InMemoryMinuteStore(TestData.All()) { Failure = failure };
        var time = new FakeTimeProvider(Now);
        var logs = new CapturingLoggerProvider();
        var factory = new LoggerFactory([logs]); // lives as long as the service under test
        var service = new RetentionService(store, Options.Create(new StorageOptions { RetentionDays = days }), time, factory.CreateLogger<RetentionService>());
        await service.StartAsync(CancellationToken.None);
        return (service, store, time, logs);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition());
    }

    [Fact]
    public async Task Deletes_older_than_the_retention_at_start_and_then_daily()
    {
        (RetentionService service, InMemoryMinuteStore store, FakeTimeProvider time, _) = await StartAsync(days: 30);

        await WaitForAsync(() => store.DeleteCalls.Count == 1);
        Assert.Equal(new DateTime(2024, 2, 9, 14, 30, 0, DateTimeKind.Utc), store.DeleteCalls[0]);

        time.Advance(TimeSpan.FromHours(23));
        await Task.Delay(50);
        Assert.Single(store.DeleteCalls);

        time.Advance(TimeSpan.FromHours(1));
        await WaitForAsync(() => store.DeleteCalls.Count == 2);
        Assert.Equal(new DateTime(2024, 2, 10, 14, 30, 0, DateTimeKind.Utc), store.DeleteCalls[1]);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Keeps_everything_when_retention_is_zero()
    {
        (RetentionService service, InMemoryMinuteStore store, FakeTimeProvider time, CapturingLoggerProvider logs) = await StartAsync(days: 0);

        time.Advance(TimeSpan.FromDays(3));
        await Task.Delay(50);

        Assert.Empty(store.DeleteCalls);
        Assert.Contains(logs.Entries, e => e.Message.Contains("every minute is kept", StringComparison.Ordinal));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failed_run_is_logged_and_retried_the_next_day()
    {
        (RetentionService service, InMemoryMinuteStore store, FakeTimeProvider time, CapturingLoggerProvider logs) =
            await StartAsync(days: 7, failure: new IOException("disk full"));

        await WaitForAsync(() => store.DeleteCalls.Count == 1);
        await WaitForAsync(() => logs.Entries.Any(e => e.Level == LogLevel.Error));
        time.Advance(TimeSpan.FromDays(1));
        await WaitForAsync(() => store.DeleteCalls.Count == 2);

        Assert.NotNull(service.ExecuteTask);
        Assert.False(service.ExecuteTask!.IsCompleted);
        await service.StopAsync(CancellationToken.None);
    }
}
