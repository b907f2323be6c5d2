using System.Net;
using System.Net.Sockets;
using Atmo.Testing;

namespace Atmo.Demo.Tests;

/// <summary>
/// `atmo-edge-demo --simulate N` as a real process, stopped every way it can end: its private dbus-daemon,
/// the daemon's keeper and the bus folder must not outlive it (issue 18).
/// </summary>
public sealed class DemoProcessTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("atmo-demo-data-").FullName;

    private BusOwnerProcess StartDemo(int port) =>
        BusOwnerProcess.Start("atmo-edge-demo.dll",
            "--simulate", "2", "--urls", $"http://127.0.0.1:{port}", $"--Storage:Path={_data}/demo.db", "--Api:Keys:0=demo-process-key");

    /// <summary>Started: the bus listens and the daemon answers.</summary>
    private static async Task WaitUntilServingAsync(BusOwnerProcess demo, int port)
    {
        await demo.WaitForBusAsync();
        using var http = new HttpClient();
        await Eventually.UntilAsync(() => demo.Process.HasExited || Answers(http, port), "the demo answering /healthz", realSeconds: 60);
        Assert.False(demo.Process.HasExited, demo.Output);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_graceful_stop_leaves_nothing(string signal)
    {
        int port = FreePort();
        using BusOwnerProcess demo = StartDemo(port);
        await WaitUntilServingAsync(demo, port);

        demo.Signal(signal);

        Assert.Equal(0, await demo.WaitForExitAsync());
        await demo.AssertNothingLeftAsync(seconds: 0);
    }

    [Fact]
    public async Task SIGKILL_takes_the_bus_and_its_folder_within_seconds()
    {
        int port = FreePort();
        using BusOwnerProcess demo = StartDemo(port);
        await WaitUntilServingAsync(demo, port);

        demo.Signal("KILL");

        await demo.WaitForExitAsync();
        await demo.AssertNothingLeftAsync(seconds: 5);
    }

    [Fact]
    public async Task A_failure_at_start_after_the_bus_started_leaves_nothing()
    {
        // The port is taken: the emulation is up when the web server fails to listen.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using BusOwnerProcess demo = StartDemo(port);

        Assert.Equal(1, await demo.WaitForExitAsync());
        Assert.Contains("cannot start", demo.Output, StringComparison.Ordinal);
        Assert.Contains("SIMULATION", demo.Output, StringComparison.Ordinal);   // the emulation had started
        await demo.AssertNothingLeftAsync(seconds: 0);
    }

    private static bool Answers(HttpClient http, int port)
    {
        try
        {
            return http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz")).GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
