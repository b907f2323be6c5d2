using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Atmo.Testing;

namespace Atmo.Mqtt.Tests.Support;

/// <summary>
/// A real Mosquitto (Debian package <c>mosquitto</c>; <c>.ci/run</c> installs it) on two free loopback ports: plain
/// MQTT and TLS with a test CA, both asking for a user and password. Its session store persists across
/// <see cref="StopAsync"/> / <see cref="StartAsync"/>, as a broker that is restarted. Fails loudly when Mosquitto is missing.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Username = "atmo";
    public const string Password = "s3cret-test-password";
    public const string Executable = "/usr/sbin/mosquitto";

    private readonly string _folder;
    private readonly string _configFile;
    private Process? _process;
    private readonly List<string> _output = [];

    private MosquittoBroker(string folder, int port, int tlsPort, TestCertificates certificates)
    {
        _folder = folder;
        Port = port;
        TlsPort = tlsPort;
        Certificates = certificates;
        _configFile = Path.Combine(folder, "mosquitto.conf");
    }

    public int Port { get; }
    public int TlsPort { get; }
    public TestCertificates Certificates { get; }
    public string Folder => _folder;

    /// <summary>A file holding <see cref="Password"/> alone, mode 600, for <c>Mqtt:PasswordFile</c>.</summary>
    public string PasswordFile => Path.Combine(_folder, "client-password");

    public string Output
    {
        get
        {
            lock (_output)
                return string.Join('\n', _output);
        }
    }

    public static async Task<MosquittoBroker> StartNewAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: install the Debian package mosquitto (apt-get install mosquitto; .ci/run does).");
        string folder = Directory.CreateTempSubdirectory("atmo-mosquitto-").FullName;
        var broker = new MosquittoBroker(folder, FreePort(), FreePort(), TestCertificates.Create(folder));
        await broker.ConfigureAsync();
        await broker.StartAsync();
        return broker;
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_configFile);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.UntilAsync(() => _process.HasExited || Listens(Port) && Listens(TlsPort), "mosquitto listening", realSeconds: 20);
        if (_process.HasExited)
            throw new InvalidOperationException($"mosquitto ended at start:\n{Output}");
    }

    /// <summary>SIGTERM: Mosquitto saves its sessions (a subscriber's queued messages) and exits.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task ConfigureAsync()
    {
        string passwords = Path.Combine(_folder, "passwords");
        using (var hash = Process.Start("mosquitto_passwd", ["-b", "-c", passwords, Username, Password]))
        {
            await hash.WaitForExitAsync();
            if (hash.ExitCode != 0)
                throw new InvalidOperationException("mosquitto_passwd failed");
        }

        File.SetUnixFileMode(passwords, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(PasswordFile, Password + "\n");
        File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string config = string.Join('\n',
            $"user {Environment.UserName}",
            "per_listener_settings false",
            "allow_anonymous false",
            $"password_file {passwords}",
            "persistence true",
            $"persistence_location {_folder}/",
            // A subscriber that falls behind during a backfill keeps every message (the default drops past 1,000).
            "max_queued_messages 0",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            $"listener {Port} 127.0.0.1",
            $"listener {TlsPort} 127.0.0.1",
            $"cafile {Certificates.CaFile}",
            $"certfile {Certificates.ServerCertificateFile}",
            $"keyfile {Certificates.ServerKeyFile}",
            "");
        await File.WriteAllTextAsync(_configFile, config);
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Add(line);
    }

    private static bool Listens(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
