using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Atmo.Testing;

namespace Atmo.Gateway.Tests.Api.Redaction;

/// <summary>
/// The real daemon as a child process with logging turned up by provider-specific and framework-wide overrides: the
/// API key it is called with appears nowhere in what it prints (issue 12).
/// </summary>
public sealed partial class SecretsNeverLoggedProcessTests : IDisposable
{
    private const string Key = "redaction-test-key-4242";
    private readonly string _folder = Directory.CreateTempSubdirectory("atmo-redaction-").FullName;

    [Theory]
    [InlineData("--Logging:Console:LogLevel:Default=Information")]
    [InlineData("--Logging:LogLevel:Microsoft.AspNetCore=Trace")]
    [InlineData("--Logging:Console:LogLevel:Microsoft.AspNetCore=Trace")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_api_key_never_appears_in_the_output_whatever_the_log_levels(string loggingOverride)
    {
        var output = new StringBuilder();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])[Path.Combine(AppContext.BaseDirectory, "atmo-edge.dll"), "--urls=http://127.0.0.1:0",
                     $"--Storage:Path={_folder}/atmo-edge.db", $"--Api:Keys:0={Key}", $"--Ble:BusAddress=unix:path={_folder}/no-bus", loggingOverride])
            start.ArgumentList.Add(arg);
        using Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.UntilAsync(() => Listening().IsMatch(Text(output)), "the daemon listens", 60);
            var baseAddress = new Uri(Listening().Match(Text(output)).Groups[1].Value);
            using var http = new HttpClient { BaseAddress = baseAddress };

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"/api/v1/data?api_key={Key}&mac=AA:BB:CC:DD:EE:FF", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"/api/v1/data?mac=AA:BB:CC:DD:EE:FF&API_KEY={Key}", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri($"/api/v1/data?api%5Fkey={Key}x&mac=AA:BB:CC:DD:EE:FF", UriKind.Relative))).StatusCode);
            await http.GetAsync(new Uri($"/readyz?token={Key}&device_key={Key}", UriKind.Relative));
            await http.GetAsync(new Uri($"/no/such/page?apikey={Key}", UriKind.Relative));
            // A request line Kestrel rejects: at Debug it prints the line, key included, unless held at Warning.
            string rejected = await SendRawAsync(baseAddress, $"GET /api/v1/data x?api_key={Key} HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 400", rejected, StringComparison.Ordinal);

            // Every request's end is logged: the output is complete up to here.
            await Eventually.UntilAsync(() => Regex.Count(Text(output), "Request finished") >= 5, "the requests are logged", 30);
        }
        finally
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            if (!process.WaitForExit(30_000))
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        string text = Text(output);
        Assert.Contains("Request starting HTTP/1.1 GET", text, StringComparison.Ordinal);   // the overrides took effect
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Key), text, StringComparison.Ordinal);
        Assert.Contains("api_key=***", text, StringComparison.Ordinal);
    }

    private static async Task<string> SendRawAsync(Uri address, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        byte[] buffer = new byte[4096];
        int read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
