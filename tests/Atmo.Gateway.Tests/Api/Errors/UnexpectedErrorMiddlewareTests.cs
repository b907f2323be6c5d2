using System.Net;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Atmo.Gateway.Tests.Api.Errors;

public sealed class UnexpectedErrorMiddlewareTests
{
    [Fact]
    public async Task An_exception_answers_500_with_a_generic_message_and_the_log_has_the_details_under_the_same_id()
    {
        var store = new InMemoryMinuteStore { Failure = new InvalidOperationException("disk on fire at /secret/path") };
        await using GatewayServer server = await GatewayServer.StartAsync(store);

        string message = await HttpAssert.ErrorAsync(
            await server.GetDataAsync("mac=AA:BB:CC:DD:EE:FF&format=csv"), HttpStatusCode.InternalServerError);

        Assert.StartsWith("unexpected error; the gateway log has the details under correlation id ", message, StringComparison.Ordinal);
        string correlationId = message[(message.LastIndexOf(' ') + 1)..];
        Assert.DoesNotContain("disk on fire", message, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", message, StringComparison.Ordinal);
        FakeLogRecord logged = Assert.Single(server.Logs.GetSnapshot(), e => e.Level == LogLevel.Error);
        Assert.Contains(correlationId, logged.Message, StringComparison.Ordinal);
        Assert.Same(store.Failure, logged.Exception);
        Assert.DoesNotContain(GatewayServer.Key, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_key_never_reaches_the_log_even_at_trace_level()
    {
        var store = new InMemoryMinuteStore(TestData.All()) { Failure = null };
        await using GatewayServer server = await GatewayServer.StartAsync(store, configuration: "--Logging:LogLevel:Default=Trace");

        await server.GetDataAsync("mac=AA:BB:CC:DD:EE:FF");
        await server.GetDataAsync("mac=AA:BB:CC:DD:EE:FF&limit=0");
        store.Failure = new InvalidOperationException("boom");
        await server.GetDataAsync("mac=AA:BB:CC:DD:EE:FF");

        Assert.Contains(server.Logs.GetSnapshot(), e => e.Level == LogLevel.Trace || e.Level == LogLevel.Debug);
        Assert.DoesNotContain(GatewayServer.Key, server.Logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayServer.OtherKey, server.Logs.AllText(), StringComparison.Ordinal);
    }
}
