using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Atmo.Dashboard.Tests;

/// <summary>
/// The real gateway process in simulation mode (<c>atmo-edge-demo --simulate N</c>: emulated units on a private D-Bus,
/// collected by the real collector) on a free loopback port, with <see cref="PreparedMinutes"/> written
/// into its database before it starts. Its output goes to <c>artifacts/gateway.log</c>.
/// </summary>
internal sealed class GatewayUnderTest : IAsyncDisposable
{
    /// <summary>
    /// The program under test, beside the tests (a project reference puts it there), run as
    /// <c>dotnet exec</c>: the demo host (testing/Atmo.Demo), which is atmo-edge with <c>--simulate</c>.
    /// </summary>
    private const string Program = "atmo-edge-demo.dll";

    public const string Key = "dashboard-test-key-0123456789";

    private readonly Process _process;
    private readonly string _folder;

    private GatewayUnderTest(Process process, string folder, Uri address, PreparedMinutes prepared)
    {
        _process = process;
        _folder = folder;
        Address = address;
        Prepared = prepared;
        Api = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }
    public PreparedMinutes Prepared { get; }

    /// <summary>A client of the same gateway, for what the page must match.</summary>
    public HttpClient Api { get; }

    public static async Task<GatewayUnderTest> StartAsync(int simulatedDevices)
    {
        string program = Path.Combine(AppContext.BaseDirectory, Program);
        Assert.True(File.Exists(program), $"{Program} missing beside the tests: {program}");
        string folder = Directory.CreateTempSubdirectory("atmo-dashboard-").FullName;
        string database = Path.Combine(folder, "atmo-edge.db");
        var prepared = new PreparedMinutes(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        prepared.WriteTo(database);

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (string argument in (string[])[
                     "exec", program, "--simulate", simulatedDevices.ToString(CultureInfo.InvariantCulture),
                     "--urls", address.ToString().TrimEnd('/'), $"--Storage:Path={database}", $"--Api:Keys:0={Key}",
                     // The tests read far more than a person would; the page's 429 handling has a test of its own.
                     "--Api:RateLimitPerMinute=100000"])
            start.ArgumentList.Add(argument);
        var log = new StreamWriter(Artifacts.PathOf("gateway.log")) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.WriteLine("stderr: " + e.Data); };
        Assert.True(process.Start(), "atmo-edge did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var gateway = new GatewayUnderTest(process, folder, address, prepared);
        try
        {
            await gateway.WaitUntilCollectedAsync(simulatedDevices);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>Ready, and every emulated unit's stored history downloaded, so its card is complete.</summary>
    private async Task WaitUntilCollectedAsync(int simulatedDevices)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(90);
        string last = "nothing yet";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                Assert.Fail($"atmo-edge exited with {_process.ExitCode}; see {Artifacts.PathOf("gateway.log")}");
            try
            {
                using HttpResponseMessage ready = await Api.GetAsync(new Uri("/readyz", UriKind.Relative));
                last = $"/readyz {(int)ready.StatusCode}: {await ready.Content.ReadAsStringAsync()}";
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    using var devices = JsonDocument.Parse(await Api.GetStringAsync(ApiPath("devices", "")));
                    int synced = devices.RootElement.GetProperty("data").GetProperty("items").EnumerateArray()
                        .Count(d => d.TryGetProperty("last_history_sync", out _));
                    last = $"{synced} of {simulatedDevices} emulated units downloaded";
                    if (synced == simulatedDevices)
                        return;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"atmo-edge was not ready with its emulated units within 90 s ({last}); see {Artifacts.PathOf("gateway.log")}");
    }

    /// <summary>A relative /api/v1 address with the key.</summary>
    public static Uri ApiPath(string endpoint, string query) =>
        new($"/api/v1/{endpoint}?api_key={Key}{(query.Length > 0 ? "&" + query : "")}", UriKind.Relative);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGTERM, as systemd stops it (it stops its emulator and private bus); SIGKILL to the tree after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
