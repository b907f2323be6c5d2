using System.Net;
using Atmo.CloudDouble;
using Atmo.Core;
using Atmo.Sync.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Sync.Tests.CloudDouble;

public sealed class CloudDoubleServerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 45, TimeSpan.Zero));
    private CloudDoubleServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _server = await CloudDoubleServer.StartAsync(_clock, ["key"]);
        DateTime from = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        _server.Data.Add(Records.Minutes(from, from.AddHours(3)).Select(t => Records.Make(Records.Device(1), t, MinuteSource.Cloud)));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<HttpResponseMessage> Get(string query) => _http.GetAsync(new Uri(_server.BaseAddress, "api/v1/data?" + query));

    [Theory]
    [InlineData("mac=AA:00:00:00:00:01", HttpStatusCode.Unauthorized)]
    [InlineData("api_key=nope&mac=AA:00:00:00:00:01", HttpStatusCode.Unauthorized)]
    [InlineData("api_key=key&mac=nonsense", HttpStatusCode.BadRequest)]
    [InlineData("api_key=key&mac=AA:00:00:00:00:01&start_date=2026-11-01&end_date=2026-11-09", HttpStatusCode.BadRequest)]
    [InlineData("api_key=key&mac=AA:00:00:00:00:01&date=2026-11-20&start_date=2026-11-20", HttpStatusCode.BadRequest)]
    [InlineData("api_key=key&mac=AA:00:00:00:00:01&limit=1441", HttpStatusCode.BadRequest)]
    [InlineData("api_key=key&mac=AA:00:00:00:00:01&format=xml", HttpStatusCode.BadRequest)]
    [InlineData("api_key=key&mac=AA-00-00-00-00-01&date=2026-11-20", HttpStatusCode.OK)]
    public async Task Answers_the_contract_status_codes(string query, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await Get(query);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Serves_csv_with_the_requested_separator_newest_first()
    {
        string csv = await (await Get("api_key=key&mac=AA0000000001&date=2026-11-20&format=csv&separator=comma&limit=2")).Content.ReadAsStringAsync();
        string[] lines = csv.TrimEnd('\n').Split('\n');
        Assert.StartsWith("Date (GMT),VOC (ppm),Temperature (C)", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2026/11/20 02:59,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_60_a_minute_answers_429_with_retry_after_to_the_next_minute()
    {
        for (int i = 0; i < 60; i++)
            Assert.Equal(HttpStatusCode.OK, (await Get("api_key=key&mac=AA:00:00:00:00:01&limit=1")).StatusCode);
        using HttpResponseMessage limited = await Get("api_key=key&mac=AA:00:00:00:00:01&limit=1");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(15), limited.Headers.RetryAfter?.Delta);
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, (await Get("api_key=key&mac=AA:00:00:00:00:01&limit=1")).StatusCode);
        Assert.Equal(62, _server.RequestLog.Count);
        Assert.All(_server.RequestLog, e => Assert.Contains("api_key=***", e.Query, StringComparison.Ordinal));
    }
}
