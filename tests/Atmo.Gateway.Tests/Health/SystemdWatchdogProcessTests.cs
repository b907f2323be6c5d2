namespace Atmo.Gateway.Tests.Health;

/// <summary>The real daemon as a child process, feeding a real notify socket as systemd would see it.</summary>
public sealed class SystemdWatchdogProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atmo-notify-").FullName;

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_daemon_sends_WATCHDOG_1_to_NOTIFY_SOCKET_every_half_WATCHDOG_USEC()
    {
        string socketPath = Path.Combine(_folder, "notify");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
        string daemon = Path.Combine(AppContext.BaseDirectory, "atmo-edge.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])[daemon, "--urls=http://127.0.0.1:0", $"--Storage:Path={_folder}/atmo-edge.db", "--Api:Keys:0=watchdog-test-key"])
            start.ArgumentList.Add(arg);
        start.Environment["NOTIFY_SOCKET"] = socketPath;
        start.Environment["WATCHDOG_USEC"] = "1000000";
        start.Environment.Remove("WATCHDOG_PID");
        using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var received = new List<string>();
            byte[] buffer = new byte[256];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (received.Count(m => m == "WATCHDOG=1") < 3)
            {
                int length = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, timeout.Token);
                received.Add(System.Text.Encoding.UTF8.GetString(buffer, 0, length));
            }

            Assert.False(process.HasExited);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
