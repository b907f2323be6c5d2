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
