using System.Net.Sockets;
using System.Text;
using Atmo.Gateway.Tests.TestSupport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Tests.Api;

/// <summary>What anyone on the LAN can hold of the web server (issue 12).</summary>
public sealed class ServerLimitsTests
{
    [Fact]
    public async Task Kestrel_runs_with_the_documented_limits()
    {
        await using GatewayServer server = await GatewayServer.StartAsync();

        KestrelServerLimits limits = server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(200, limits.MaxConcurrentConnections);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(64 * 1024, limits.MaxRequestBodySize);
    }

    [Fact]
    public async Task Connections_beyond_Api_MaxConnections_are_closed_and_a_freed_slot_serves_again()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(configuration: "--Api:MaxConnections=2");
        Uri address = server.Client.BaseAddress!;
        using TcpClient first = await ConnectAsync(address);
        using TcpClient second = await ConnectAsync(address);
        Assert.StartsWith("HTTP/1.1 200", await GetHealthzAsync(first), StringComparison.Ordinal);   // both held open (keep-alive)
        Assert.StartsWith("HTTP/1.1 200", await GetHealthzAsync(second), StringComparison.Ordinal);

        using (TcpClient third = await ConnectAsync(address))
            Assert.Equal("", await GetHealthzAsync(third));                                          // closed unanswered

        first.Close();
        await Atmo.Testing.Eventually.UntilAsync(async () =>
        {
            using TcpClient fourth = await ConnectAsync(address);
            return (await GetHealthzAsync(fourth)).StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
        }, "a freed slot serves again", 20);
    }

    [Fact]
    public async Task A_bad_limit_fails_start_naming_the_setting()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayServer.StartAsync(configuration: "--Api:MaxConnections=0"));
        Assert.Contains("Api:MaxConnections is 0; give the open connections allowed at once, from 1 to 10000 (default 200)", e.Message, StringComparison.Ordinal);
    }

    private static async Task<TcpClient> ConnectAsync(Uri address)
    {
        var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        return client;
    }

    private static async Task<string> GetHealthzAsync(TcpClient client)
    {
        NetworkStream stream = client.GetStream();
        try
        {
            await stream.WriteAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
            byte[] buffer = new byte[1024];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            int read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return "";   // reset by the server
        }
    }
}
