using System.Net;
using System.Text.Json;
using Atmo.Core;
using Atmo.Core.TimeBase;
using Atmo.Gateway.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Atmo.Gateway.Tests.Health;

public sealed class HealthEndpointsTests
{
    /// <summary>Noon of the day after the build: a plausible clock for the clock check.</summary>
    private static readonly DateTimeOffset Now = new(Atmo.Core.BuildInfo.BuildDate!.Value.AddDays(1).ToDateTime(new TimeOnly(12, 0, 45)), TimeSpan.Zero);

    private static Atmo.Core.MinuteRecord Minute(DateTimeOffset time) =>
        new() { Device = TestData.ContractDevice, Time = time.UtcDateTime, Source = Atmo.Core.MinuteSource.History, T = 21 };

    private static Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock() => new(Now);
    [Fact]
    public async Task Healthz_answers_ok_without_a_key()
    {
        await using GatewayServer server = await GatewayServer.StartAsync();
        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_reports_every_check_and_no_mac_by_default()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(new InMemoryMinuteStore(TestData.ContractRecords()), Clock());

        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        string body = await response.Content.ReadAsStringAsync();

        // The test server has no D-Bus (GatewayServer points Ble:BusAddress at nothing): Bluetooth fails, the rest is fine.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("not_ready", json.RootElement.GetProperty("status").GetString());
        JsonElement checks = json.RootElement.GetProperty("checks");
        Assert.Equal("ok", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("ok", checks.GetProperty("clock").GetProperty("status").GetString());
        Assert.Equal("fail", checks.GetProperty("bluetooth").GetProperty("status").GetString());
        Assert.Contains("BlueZ is not reachable", checks.GetProperty("bluetooth").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok", checks.GetProperty("cloud_sync").GetProperty("status").GetString());
        Assert.Contains("disabled", checks.GetProperty("cloud_sync").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("11:22:33", body, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayServer.Key, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_clock_stays_ok_when_a_device_stamped_minutes_a_year_and_a_day_ahead()
    {
        // Minutes a device stamped ahead (stored before the rule, or imported): not evidence of the host's clock.
        await using GatewayServer server = await GatewayServer.StartAsync(new InMemoryMinuteStore([Minute(Now.AddYears(1)), Minute(Now.AddDays(1))]), Clock());

        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("ok", json.RootElement.GetProperty("checks").GetProperty("clock").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_is_503_when_the_clock_is_earlier_than_it_already_said()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(time: Clock());
        // The host's own sane reading an hour ahead of the clock now: the clock went back (a Pi booted offline).
        server.Services.GetRequiredService<IClockEvidence>().ObserveSaneClock(Now.AddHours(1));

        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement clock = json.RootElement.GetProperty("checks").GetProperty("clock");
        Assert.Equal("fail", clock.GetProperty("status").GetString());
        Assert.Contains("clock went back", clock.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_warns_of_quarantined_history_naming_the_device_without_its_mac()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(time: Clock(), configuration: ["--Devices:0:Mac=AA:BB:CC:00:00:07", "--Devices:0:Name=Kitchen"]);
        var device = Atmo.Core.MacAddress.Parse("AA:BB:CC:00:00:07");
        server.Services.GetRequiredService<IHistoryQuarantine>().Add(new QuarantinedBatch(0, device, Now, Now, Now.AddYears(1), [Minute(Now.AddYears(1)) with { Device = device }], "a year ahead"));

        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement check = body.RootElement.GetProperty("checks").GetProperty("history_quarantine");
        Assert.Equal("warn", check.GetProperty("status").GetString());
        Assert.Contains("Kitchen: 1 minutes in 1 batches", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AA:BB:CC:00:00:07", body.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_is_503_when_the_database_folder_is_gone()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(time: Clock(), configuration: "--Storage:Path=/nonexistent-atmo-folder/atmo-edge.db");

        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement database = json.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("fail", database.GetProperty("status").GetString());
        Assert.Contains("not writable", database.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_fails_the_database_with_the_stores_reason_while_it_cannot_commit_and_passes_it_once_it_can()
    {
        var store = new HealthReportingStore { Reported = new StoreCondition("the disk is full (0 KiB free; a commit needs 1024 KiB)", Clock().GetUtcNow(), null) };
        await using GatewayServer server = await GatewayServer.StartAsync(store, Clock());

        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            JsonElement database = json.RootElement.GetProperty("checks").GetProperty("database");
            Assert.Equal("fail", database.GetProperty("status").GetString());
            Assert.Equal($"minutes cannot be stored since {Now:yyyy-MM-ddTHH:mm:ss}Z: the disk is full (0 KiB free; a commit needs 1024 KiB)", database.GetProperty("detail").GetString());
        }

        store.Reported = new StoreCondition(null, null, Clock().GetUtcNow());
        HttpResponseMessage recovered = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var after = JsonDocument.Parse(await recovered.Content.ReadAsStringAsync());
        Assert.Equal("ok", after.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }


    [Fact]
    public async Task Readyz_lists_devices_with_their_freshness_when_configured()
    {
        DateTimeOffset last = new(Now.Year, Now.Month, Now.Day, 11, 53, 0, TimeSpan.Zero);
        using var lite = new TempLiteDbStore([Minute(last.AddMinutes(-1)), Minute(last)]);
        await using GatewayServer server = await GatewayServer.StartAsync(lite.Store, Clock(), configuration: "--Health:ShowDevices=true");

        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        string body = await response.Content.ReadAsStringAsync();

        using var json = JsonDocument.Parse(body);
        JsonElement device = Assert.Single(json.RootElement.GetProperty("devices").EnumerateArray());
        Assert.Equal("11:22:33:44:55:66", device.GetProperty("mac").GetString());
        Assert.Equal(last.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), device.GetProperty("last_minute").GetString());
        Assert.Equal(7, device.GetProperty("age_minutes").GetInt64()); // 11:53 to 12:00:45
    }
}
