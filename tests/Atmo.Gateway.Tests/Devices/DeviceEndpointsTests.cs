using System.Net;
using System.Text.Json;
using Atmo.Core;
using Atmo.Core.Operations;
using Atmo.Gateway.Devices;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Devices;

public sealed class DeviceEndpointsTests
{
    [Fact]
    public async Task Lists_stored_and_configured_devices_with_counts_by_source()
    {
        using var lite = new TempLiteDbStore(TestData.ContractRecords());
        await using GatewayServer server = await GatewayServer.StartAsync(lite.Store, configuration: "--Devices:0:Mac=c2-2b-42-15-30-89");

        HttpResponseMessage response = await server.Client.GetAsync(new Uri($"/api/v1/devices?api_key={GatewayServer.Key}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement data = json.RootElement.GetProperty("data");
        Assert.Equal(2, data.GetProperty("total").GetInt32());
        JsonElement stored = data.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("mac").GetString() == "11:22:33:44:55:66");
        Assert.Equal("2023-11-14T23:52:00.000Z", stored.GetProperty("first_minute").GetString());
        Assert.Equal("2023-11-14T23:53:00.000Z", stored.GetProperty("last_minute").GetString());
        Assert.Equal(1, stored.GetProperty("records").GetProperty("history").GetInt64());
        Assert.Equal(1, stored.GetProperty("records").GetProperty("cloud").GetInt64());
        Assert.Equal(0, stored.GetProperty("records").GetProperty("live").GetInt64());
        Assert.False(stored.TryGetProperty("name", out _));
        JsonElement configured = data.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("mac").GetString() == "C2:2B:42:15:30:89");
        Assert.False(configured.TryGetProperty("first_minute", out _));
        Assert.Equal(0, configured.GetProperty("records").GetProperty("history").GetInt64());
    }

    [Fact]
    public async Task Needs_an_api_key()
    {
        await using GatewayServer server = await GatewayServer.StartAsync();
        HttpResponseMessage response = await server.Client.GetAsync(new Uri("/api/v1/devices", UriKind.Relative));
        await HttpAssert.ErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Live_facts_appear_when_known_and_are_left_out_when_not()
    {
        var mac = MacAddress.Parse("C2:2B:42:15:30:89");
        var stats = new DeviceStats(mac, null, null, 0, 0, 0, 0);
        var live = new DeviceLiveInfo(Name: "Kitchen", BatteryPercent: 80, Rssi: -67,
            LastSeen: new DateTimeOffset(2023, 11, 15, 12, 0, 0, TimeSpan.Zero));

        using var json = JsonDocument.Parse(DeviceEndpoints.ToJson([(stats, live)]));

        JsonElement item = json.RootElement.GetProperty("data").GetProperty("items")[0];
        Assert.Equal("Kitchen", item.GetProperty("name").GetString());
        Assert.Equal(80, item.GetProperty("battery").GetInt32());
        Assert.Equal(-67, item.GetProperty("rssi").GetInt32());
        Assert.Equal("2023-11-15T12:00:00.000Z", item.GetProperty("last_seen").GetString());
        Assert.False(item.TryGetProperty("firmware", out _));
        Assert.False(item.TryGetProperty("last_history_sync", out _));
    }
}
