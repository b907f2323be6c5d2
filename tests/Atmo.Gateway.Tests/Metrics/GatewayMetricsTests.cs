using System.Globalization;
using System.Net;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Core.TimeBase;
using Atmo.Gateway.Metrics;
using Atmo.Gateway.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

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

        // No MAC on /metrics by default (it needs no key): the device is its hashed label.
        string device = $"device=\"{DeviceLabeler.HashedLabel(TestData.ContractDevice)}\"";
        Assert.DoesNotContain(TestData.ContractDevice.ToString(), text, StringComparison.Ordinal);
        Assert.Equal(1, Value(text, "atmo_storage_records{", device, "source=\"cloud\""));
        Assert.Equal(1, Value(text, "atmo_storage_records{", device, "source=\"history\""));
        Assert.Equal(1, Value(text, "atmo_storage_records{", device, "source=\"live\""));
        Assert.Equal(1, Value(text, "atmo_storage_devices "));
        Assert.True(Value(text, "atmo_storage_database_bytes ") > 0);
        Assert.True(Value(text, "atmo_storage_write_duration_count") >= 1);
        Assert.Equal(1, Value(text, "atmo_build_info{"));
    }

    [Theory]
    [InlineData(null, null, "dev-")]
    [InlineData("hashed", "kitchen", "dev-")]
    [InlineData(null, "kitchen", "kitchen")]
    [InlineData("name", "kitchen", "kitchen")]
    [InlineData("mac", "kitchen", "11:22:33:44:55:66")]
    public async Task Metrics_DeviceLabels_decides_what_names_a_device(string? mode, string? configuredName, string expected)
    {
        using var lite = new TempLiteDbStore(TestData.ContractRecords());
        string[] configuration =
        [
            $"--Storage:Path={lite.Path}",
            .. mode is null ? [] : (string[])[$"--Metrics:DeviceLabels={mode}"],
            .. configuredName is null ? [] : (string[])[$"--Devices:0:Mac={TestData.ContractDevice}", $"--Devices:0:Name={configuredName}"],
        ];
        await using GatewayServer server = await GatewayServer.StartAsync(lite.Store, configuration: configuration);

        string text = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        string line = Assert.Single(text.Split('\n'), l => l.StartsWith("atmo_storage_records{", StringComparison.Ordinal) && l.Contains("source=\"live\"", StringComparison.Ordinal));
        Assert.StartsWith($"atmo_storage_records{{device=\"{expected}", line, StringComparison.Ordinal);
        Assert.Equal(expected == "11:22:33:44:55:66", text.Contains("11:22:33:44:55:66", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "kitchen")]
    [InlineData("hashed", null)]
    [InlineData("mac", "11:22:33:44:55:66")]
    public async Task The_time_and_value_series_follow_Metrics_DeviceLabels(string? mode, string? expected)
    {
        await using GatewayServer server = await GatewayServer.StartAsync(configuration:
        [
            $"--Devices:0:Mac={TestData.ContractDevice}", "--Devices:0:Name=kitchen",
            .. mode is null ? [] : (string[])[$"--Metrics:DeviceLabels={mode}"],
        ]);
        DateTimeOffset now = server.Time.GetUtcNow();
        var ahead = new MinuteRecord { Device = TestData.ContractDevice, Time = MinuteTime.Floor(now.AddDays(1)), Source = MinuteSource.History, T = 20 };
        var hot = new MinuteRecord { Device = TestData.ContractDevice, Time = MinuteTime.Floor(now), Source = MinuteSource.Live, T = 300, H = 40 };
        // The gate over the real store (what AddStorage registers): one minute refused, one value dropped.
        WriteResult result = server.Services.GetRequiredService<PlausibleMinuteStore>().Write([ahead, hot]);
        Assert.Equal((1, 1), (result.Refused, result.ValuesDropped));
        server.Services.GetRequiredService<IHistoryQuarantine>().Add(new QuarantinedBatch(0, TestData.ContractDevice, now, now, now.AddDays(1), [ahead], "a day ahead"));

        string text = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        string device = $"device=\"{expected ?? DeviceLabeler.HashedLabel(TestData.ContractDevice)}\"";
        Assert.Equal(1, Value(text, "atmo_minutes_refused_total{", device, "reason=\"future\""));
        Assert.Equal(1, Value(text, "atmo_values_dropped_total{", device));
        Assert.Equal(1, Value(text, "atmo_history_quarantined_minutes{", device));
        Assert.Equal(mode == "mac", text.Contains(TestData.ContractDevice.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_Metrics_DeviceLabels_fails_start_naming_the_choices()
    {
        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => GatewayServer.StartAsync(configuration: "--Metrics:DeviceLabels=macs"));
        Assert.Contains("Metrics:DeviceLabels is 'macs'; give name", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The value of the one sample line that starts with <paramref name="prefix"/> and contains every fragment.</summary>
    private static double Value(string exposition, string prefix, params string[] fragments)
    {
        string line = Assert.Single(exposition.Split('\n'),
            l => l.StartsWith(prefix, StringComparison.Ordinal) && fragments.All(f => l.Contains(f, StringComparison.Ordinal)));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
