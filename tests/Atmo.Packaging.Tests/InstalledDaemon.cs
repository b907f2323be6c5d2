using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Atmo.Testing;

namespace Atmo.Packaging.Tests;

/// <summary>
/// An installed atmo-edge started by hand, as its unit would start it (systemd does not run on CI), on a free
/// loopback port. Disposing kills it and waits for its end.
/// </summary>
internal sealed class InstalledDaemon : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    /// <param name="command">The program and, before it, a wrapper such as setpriv.</param>
    public InstalledDaemon(IEnumerable<string> command, string settings, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        Url = $"http://127.0.0.1:{FreePort()}";
        string[] parts = command.ToArray();
        var start = new ProcessStartInfo(parts[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string part in parts.Skip(1))
            start.ArgumentList.Add(part);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Url);
        if (workingDirectory is not null)
            start.WorkingDirectory = workingDirectory;
        start.Environment["ATMO_EDGE_SETTINGS"] = settings;
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {parts[0]}");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Url { get; }

    /// <summary>Waits until /readyz answers (200, or 503 where no BlueZ runs) and returns its body.</summary>
    public async Task<string> WaitForReadyzAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        string body = "";
        await Eventually.UntilAsync(async () =>
        {
            Assert.False(_process.HasExited, $"the installed daemon exited with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                HttpResponseMessage response = await http.GetAsync($"{Url}/readyz");
                Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
                body = await response.Content.ReadAsStringAsync();
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, "the installed daemon answering /readyz", realSeconds: 60);
        Assert.Contains("\"checks\"", body);
        return body;
    }

    /// <summary>GET /api/v1/data with the key; the installed daemon must answer 200.</summary>
    public async Task AssertServesDataAsync(string apiKey)
    {
        using var http = new HttpClient();
        HttpResponseMessage data = await http.GetAsync($"{Url}/api/v1/data?api_key={apiKey}&mac=AA:BB:CC:DD:EE:FF");
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
