using System.Net;
using System.Text.Json;
using Atmo.Core;
using Atmo.Gateway.Tests.TestSupport;

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
    public async Task Readyz_is_503_when_the_clock_is_earlier_than_the_newest_stored_minute()
    {
        // A minute stored an hour ahead of the clock: the clock went back (a Pi booted offline).
        await using GatewayServer server = await GatewayServer.StartAsync(new InMemoryMinuteStore([Minute(Now.AddHours(1))]), Clock());

        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not_ready", json.RootElement.GetProperty("status").GetString());
        JsonElement clock = json.RootElement.GetProperty("checks").GetProperty("clock");
        Assert.Equal("fail", clock.GetProperty("status").GetString());
        Assert.Contains("earlier than the newest stored minute", clock.GetProperty("detail").GetString(), StringComparison.Ordinal);
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
