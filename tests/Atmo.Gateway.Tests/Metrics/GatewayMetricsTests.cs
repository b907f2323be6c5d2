using System.Globalization;
using System.Net;
using Atmo.Core;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Metrics;

public sealed class GatewayMetricsTests
{
    [Fact]
    public async Task Scrape_shows_requests_by_status_and_route_latency_storage_and_bridged_meters()
    {
        using var lite = new TempLiteDbStore(TestData.ContractRecords());
        await using GatewayServer server = await GatewayServer.StartAsync(
            lite.Store, configuration: ["--Api:RateLimitPerMinute=3", $"--Storage:Path={lite.Path}"]);

        for (int i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await server.GetDataAsync("mac=11:22:33:44:55:66")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.GetDataAsync("mac=11:22:33:44:55:66")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.GetRawAsync("api_key=wrong-key-123456&mac=11:22:33:44:55:66")).StatusCode);
        // A write after the server started: the storage meter reaches the registry through the adapter.
        lite.Store.Write([new MinuteRecord { Device = TestData.ContractDevice, Time = new DateTime(2023, 11, 14, 23, 54, 0, DateTimeKind.Utc), Source = MinuteSource.Live, T = 20 }]);

        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, Value(text, "http_requests_received_total{", "code=\"200\"", "/api/v1/data"));
        Assert.Equal(1, Value(text, "http_requests_received_total{", "code=\"429\"", "/api/v1/data"));
        Assert.Equal(1, Value(text, "http_requests_received_total{", "code=\"401\"", "/api/v1/data"));
        Assert.Equal(3, Value(text, "http_request_duration_seconds_count{", "code=\"200\"", "/api/v1/data"));
        Assert.DoesNotContain("api_key", text, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayServer.Key, text, StringComparison.Ordinal);

        Assert.Equal(1, Value(text, "atmo_storage_records{", "device=\"11:22:33:44:55:66\"", "source=\"cloud\""));
        Assert.Equal(1, Value(text, "atmo_storage_records{", "device=\"11:22:33:44:55:66\"", "source=\"history\""));
        Assert.Equal(1, Value(text, "atmo_storage_records{", "device=\"11:22:33:44:55:66\"", "source=\"live\""));
        Assert.Equal(1, Value(text, "atmo_storage_devices "));
        Assert.True(Value(text, "atmo_storage_database_bytes ") > 0);
        Assert.True(Value(text, "atmo_storage_write_duration_count") >= 1);
        Assert.Equal(1, Value(text, "atmo_build_info{"));
    }

    /// <summary>The value of the one sample line that starts with <paramref name="prefix"/> and contains every fragment.</summary>
    private static double Value(string exposition, string prefix, params string[] fragments)
    {
        string line = Assert.Single(exposition.Split('\n'),
            l => l.StartsWith(prefix, StringComparison.Ordinal) && fragments.All(f => l.Contains(f, StringComparison.Ordinal)));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}

public sealed class GatewayMetricsSyncTests
{
    private static async Task<string> ScrapeAsync(Atmo.Sync.ISyncStatus? sync)
    {
        using var lite = new TempLiteDbStore();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IMinuteStore>(services, lite.Store);
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

public sealed class GatewayMetricsMeterBridgeTests
{
    [Fact]
    public async Task Meters_named_Atmo_are_bridged_with_the_meter_name_as_prefix_and_others_are_not()
    {
        using var lite = new TempLiteDbStore();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IMinuteStore>(services, lite.Store);
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services,
            Microsoft.Extensions.Options.Options.Create(new Atmo.Storage.StorageOptions { Path = lite.Path }));
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        using var metrics = new Atmo.Gateway.Metrics.GatewayMetrics(provider);
        using var ours = new System.Diagnostics.Metrics.Meter("Atmo.BridgeTest");
        using var theirs = new System.Diagnostics.Metrics.Meter("Other.BridgeTest");
        ours.CreateCounter<long>("things", description: "test").Add(5, new KeyValuePair<string, object?>("device", "x"));
        theirs.CreateCounter<long>("things").Add(7);

        using var buffer = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(buffer);
        string text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());

        Assert.Contains("atmo_bridgetest_things", text, StringComparison.Ordinal);
        Assert.Contains("device=\"x\"} 5", text, StringComparison.Ordinal);
        Assert.DoesNotContain("other_bridgetest", text, StringComparison.Ordinal);
    }
}
