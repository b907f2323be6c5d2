using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Atmo.Bench.Mqtt;

/// <summary>A local Mosquitto (Debian package mosquitto) on a free loopback port, anonymous, without persistence.</summary>
internal sealed class BenchBroker : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private BenchBroker(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public static async Task<BenchBroker> StartAsync()
    {
        const string executable = "/usr/sbin/mosquitto";
        if (!File.Exists(executable))
            throw new InvalidOperationException($"{executable} is missing: apt-get install mosquitto");
        string folder = Directory.CreateTempSubdirectory("atmo-bench-mosquitto-").FullName;
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        string config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"user {Environment.UserName}\nallow_anonymous true\nmax_queued_messages 0\nlog_dest none\nlistener {port} 127.0.0.1\n");
        var process = Process.Start(new ProcessStartInfo(executable, ["-c", config]) { UseShellExecute = false })!;
        for (int i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new BenchBroker(process, folder, port);
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }

        process.Kill();
        throw new InvalidOperationException("mosquitto did not listen within 5 s");
    }

    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
