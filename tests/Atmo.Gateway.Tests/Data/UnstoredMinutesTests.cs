using System.Net;
using System.Text.Json;
using Atmo.Collector.Live;
using Atmo.Core;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Gateway.Tests.Data;

/// <summary>
/// Live minutes the collector holds in memory (waiting for the device's history, issue 11's wear budget) are
/// served at once by <c>/api/v1/data</c> and counted by <c>/api/v1/devices</c>, under the store's precedence.
/// </summary>
public sealed class UnstoredMinutesTests : IAsyncLifetime
{
    private static readonly MacAddress Device = TestData.ContractDevice;
    private static readonly DateTime Minute = new(2023, 11, 15, 11, 58, 0, DateTimeKind.Utc);
    private readonly string _folder = Directory.CreateTempSubdirectory("atmo-unstored-").FullName;
    private LiteDbMinuteStore _store = null!;
    private GatewayServer _server = null!;

    public async Task InitializeAsync()
    {
        _store = new LiteDbMinuteStore(new StorageOptions { Path = Path.Combine(_folder, "atmo-edge.db") }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        _store.Write([Record(Minute, MinuteSource.History, 20)]);
        _server = await GatewayServer.StartAsync(_store);
        _server.Services.GetRequiredService<UnstoredLiveMinutes>().Add([Record(Minute, MinuteSource.Live, 30), Record(Minute.AddMinutes(1), MinuteSource.Live, 31)]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static MinuteRecord Record(DateTime time, MinuteSource source, double t) => new() { Device = Device, Time = time, Source = source, T = t };

    [Fact]
    public async Task The_data_holds_the_unstored_live_minute_and_the_stored_history_outranks_the_other()
    {
        HttpResponseMessage response = await _server.GetDataAsync($"mac={Device}&date=2023-11-15&include=source");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"status":0,"data":{"total":2,"items":[{"time":"2023-11-15T11:59:00.000Z","t":31,"source":"live"},{"time":"2023-11-15T11:58:00.000Z","t":20,"source":"history"}]}}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_device_list_shows_the_newest_minute_served_and_the_stored_counts()
    {
        string body = await _server.Client.GetStringAsync(new Uri($"/api/v1/devices?api_key={GatewayServer.Key}", UriKind.Relative));

        using var json = JsonDocument.Parse(body);
        JsonElement device = json.RootElement.GetProperty("data").GetProperty("items").EnumerateArray().Single(d => d.GetProperty("mac").GetString() == Device.ToString());
        Assert.Equal("2023-11-15T11:59:00.000Z", device.GetProperty("last_minute").GetString());
        Assert.Equal(1, device.GetProperty("records").GetProperty("history").GetInt32());
        Assert.Equal(0, device.GetProperty("records").GetProperty("live").GetInt32());
    }
}
