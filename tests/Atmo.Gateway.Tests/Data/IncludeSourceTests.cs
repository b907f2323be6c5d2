using System.Net;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Data;

/// <summary>
/// <c>include=source</c>, the gateway's extension for the dashboard: each JSON item also says where its
/// minute came from; without it the answer stays the Cloud's, byte for byte (the contract tests).
/// </summary>
public sealed class IncludeSourceTests : IAsyncLifetime
{
    private GatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await GatewayServer.StartAsync(new InMemoryMinuteStore(TestData.ContractRecords()));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Adds_each_minutes_source_after_its_values()
    {
        HttpResponseMessage response = await _server.GetDataAsync("mac=11:22:33:44:55:66&date=2023-11-14&include=source");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"status":0,"data":{"total":2,"items":[{"time":"2023-11-14T23:53:00.000Z","voc":1.241,"pm1":1,"pm25":3,"pm10":5,"t":28,"h":15,"p":953.2,"coords":{"lat":45.4641008,"lon":9.1898154},"source":"cloud"},{"time":"2023-11-14T23:52:00.000Z","voc":2.012,"t":28,"h":15,"p":953.2,"source":"history"}]}}""",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("include=source&format=csv", "include=source works with format=json only")]
    [InlineData("include=sources", "include must be source")]
    [InlineData("include=source&include=source", "include is given more than once")]
    public async Task Anything_else_is_a_clear_400(string query, string message)
    {
        HttpResponseMessage response = await _server.GetDataAsync("mac=11:22:33:44:55:66&date=2023-11-14&" + query);

        string body = await HttpAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }
}
