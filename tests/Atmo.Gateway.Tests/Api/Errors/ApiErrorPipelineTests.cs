using System.Net;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Api.Errors;

public sealed class ApiErrorPipelineTests
{
    [Fact]
    public async Task Unknown_paths_and_methods_answer_the_json_error_shape()
    {
        await using GatewayServer server = await GatewayServer.StartAsync();

        string notFound = await HttpAssert.ErrorAsync(await server.Client.GetAsync(new Uri("/api/v2/data", UriKind.Relative)), HttpStatusCode.NotFound);
        string notAllowed = await HttpAssert.ErrorAsync(
            await server.Client.PostAsync(new Uri($"/api/v1/data?api_key={GatewayServer.Key}", UriKind.Relative), null), HttpStatusCode.MethodNotAllowed);

        Assert.Equal("no such endpoint; the gateway serves GET /api/v1/data", notFound);
        Assert.Equal("method not allowed; use GET", notAllowed);
    }

    [Fact]
    public async Task The_rate_limit_answer_carries_retry_after_and_the_error_body()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(configuration: "--Api:RateLimitPerMinute=1");
        await server.GetDataAsync("mac=AA:BB:CC:DD:EE:FF");

        HttpResponseMessage refused = await server.GetDataAsync("mac=AA:BB:CC:DD:EE:FF&format=csv");

        await HttpAssert.ErrorAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(15), refused.Headers.RetryAfter?.Delta);
    }
}
