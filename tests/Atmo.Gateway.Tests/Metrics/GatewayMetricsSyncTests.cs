using Atmo.Core;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Metrics;

public sealed class GatewayMetricsSyncTests
{
    private static async Task<string> ScrapeAsync(Atmo.Sync.ISyncStatus? sync)
    {
        using var lite = new TempLiteDbStore();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IMinuteStore>(services, lite.Store);
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services,
            new Atmo.Gateway.Metrics.DeviceLabeler(Atmo.Gateway.Metrics.DeviceLabeler.Name, new Dictionary<MacAddress, string>()));
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services,
            Microsoft.Extensions.Options.Options.Create(new Atmo.Storage.StorageOptions { Path = lite.Path }));
        if (sync is not null)
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, sync);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        using var metrics = new Atmo.Gateway.Metrics.GatewayMetrics(provider);
        using var buffer = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public async Task Sync_series_are_absent_without_sync()
    {
        string text = await ScrapeAsync(null);
        Assert.DoesNotContain("\natmo_sync_enabled ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\natmo_sync_circuit_state{", text, StringComparison.Ordinal);
        Assert.Contains("\natmo_storage_devices 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_series_follow_the_sync_status()
    {
        var sync = new Atmo.Gateway.Tests.Health.CloudSyncCheckTests.FakeSyncStatus { MinutesFilled = 1234, RequestsThisMinute = 7, RangesPending = 3, CircuitState = "Open" };

        string text = await ScrapeAsync(sync);

        Assert.Contains("\natmo_sync_enabled 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\natmo_sync_minutes_filled_total 1234\n", text, StringComparison.Ordinal);
        Assert.Contains("\natmo_sync_requests_this_minute 7\n", text, StringComparison.Ordinal);
        Assert.Contains("\natmo_sync_ranges_pending 3\n", text, StringComparison.Ordinal);
        Assert.Contains("\natmo_sync_circuit_state{state=\"Open\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\natmo_sync_circuit_state{state=\"Closed\"} 0\n", text, StringComparison.Ordinal);
    }
}
