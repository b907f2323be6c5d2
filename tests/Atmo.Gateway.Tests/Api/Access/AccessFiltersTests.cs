using System.Net;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Api.Access;

public sealed class AccessFiltersTests
{
    private const string Query = "mac=11:22:33:44:55:66&date=2023-11-14";

    [Theory]
    [InlineData("")]
    [InlineData("api_key=&")]
    [InlineData("api_key=wrong-key-0123456789&")]
    [InlineData("api_key=test-key-012345678&")]          // a prefix of the real key
    [InlineData("api_key=test-key-01234567890&")]        // the real key plus a character
    [InlineData("api_key=TEST-KEY-0123456789&")]         // keys are case-sensitive
    [InlineData("api_key=test-key-0123456789&api_key=test-key-0123456789&")]
    public async Task Missing_unknown_or_repeated_key_is_401(string key)
    {
        await using GatewayServer server = await GatewayServer.StartAsync(new InMemoryMinuteStore(TestData.All()));

        string message = await HttpAssert.ErrorAsync(await server.GetRawAsync(key + Query), HttpStatusCode.Unauthorized);

        Assert.Equal("api_key is missing or unknown: pass a key configured on the gateway as api_key=...", message);
        Assert.Equal(0, server.Store.Queries);
    }

    [Fact]
    public async Task Key_is_checked_before_the_parameters()
    {
        await using GatewayServer server = await GatewayServer.StartAsync();

        await HttpAssert.ErrorAsync(await server.GetRawAsync("api_key=nope-nope-nope&limit=0"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(GatewayServer.Key)]
    [InlineData(GatewayServer.OtherKey)]
    public async Task Every_configured_key_is_accepted(string key)
    {
        await using GatewayServer server = await GatewayServer.StartAsync(new InMemoryMinuteStore(TestData.All()));

        (int total, _) = await HttpAssert.ItemsAsync(await server.GetRawAsync($"api_key={key}&{Query}"));

        Assert.Equal(2, total);
    }

    [Fact]
    public async Task Over_the_limit_is_429_with_retry_after_to_the_minute_boundary_then_resets_at_the_boundary()
    {
        // 12:00:45.300: 14.7 s to the next minute, so Retry-After is 15.
        await using GatewayServer server = await GatewayServer.StartAsync(
            new InMemoryMinuteStore(TestData.All()), configuration: "--Api:RateLimitPerMinute=3");

        for (int i = 0; i < 3; i++)
            await HttpAssert.ItemsAsync(await server.GetDataAsync(Query));
        HttpResponseMessage refused = await server.GetDataAsync(Query);
        string message = await HttpAssert.ErrorAsync(refused, HttpStatusCode.TooManyRequests);

        Assert.Equal("15", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("rate limit of 3 requests per minute exceeded for this api_key; retry after 15 s", message);
        Assert.Equal(3, server.Store.Queries);

        // The other key has its own budget.
        await HttpAssert.ItemsAsync(await server.GetRawAsync($"api_key={GatewayServer.OtherKey}&{Query}"));

        // Still the same minute one tick before the boundary; a fresh budget at the boundary.
        server.Time.Advance(TimeSpan.FromMilliseconds(14_699));
        HttpResponseMessage lastMoment = await server.GetDataAsync(Query);
        await HttpAssert.ErrorAsync(lastMoment, HttpStatusCode.TooManyRequests);
        Assert.Equal("1", lastMoment.Headers.GetValues("Retry-After").Single());
        server.Time.Advance(TimeSpan.FromMilliseconds(1));
        for (int i = 0; i < 3; i++)
            await HttpAssert.ItemsAsync(await server.GetDataAsync(Query));
        await HttpAssert.ErrorAsync(await server.GetDataAsync(Query), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Malformed_requests_count_against_the_budget_and_429_comes_before_400()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(configuration: "--Api:RateLimitPerMinute=2");

        await HttpAssert.ErrorAsync(await server.GetDataAsync("limit=0"), HttpStatusCode.BadRequest);
        await HttpAssert.ErrorAsync(await server.GetDataAsync("limit=0"), HttpStatusCode.BadRequest);

        await HttpAssert.ErrorAsync(await server.GetDataAsync("limit=0"), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Unknown_keys_do_not_spend_a_budget()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(configuration: "--Api:RateLimitPerMinute=1");

        for (int i = 0; i < 5; i++)
            await HttpAssert.ErrorAsync(await server.GetRawAsync("api_key=unknown-key-42&" + Query), HttpStatusCode.Unauthorized);

        await HttpAssert.ItemsAsync(await server.GetDataAsync(Query));
    }
}
