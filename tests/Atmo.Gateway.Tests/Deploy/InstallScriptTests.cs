using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Atmo.Testing;

namespace Atmo.Gateway.Tests.Deploy;

/// <summary>
/// Runs the real install.sh into a temporary prefix (no systemd), starts the installed daemon,
/// upgrades it in place and uninstalls it. Slow (a self-contained publish), so one test does it all.
/// </summary>
public sealed class InstallScriptTests : IDisposable
{
    private readonly string _prefix = Directory.CreateTempSubdirectory("atmo-install-").FullName;

    [Fact]
    [Trait("Category", "Slow")] // a self-contained publish: half a minute, more under load; out of the day-to-day filter
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Installs_starts_upgrades_without_losing_data_and_uninstalls()
    {
        int port = FreePort();
        string urls = $"http://127.0.0.1:{port}";

        Run("bash", RepoPath("install.sh"), "--prefix", _prefix, "--no-systemd", "--urls", urls);
        string settings = Path.Combine(_prefix, "etc/atmo-edge/appsettings.json");
        string keyFile = Path.Combine(_prefix, "etc/atmo-edge/api-key");
        string database = Path.Combine(_prefix, "var/lib/atmo-edge/atmo-edge.db");
        Assert.True(File.Exists(settings));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        string key = File.ReadAllText(keyFile).Trim();
        Assert.True(key.Length >= 32);
        // The production binary: no emulator, no test double, no dbus-daemon launcher.
        string release = Directory.GetDirectories(Path.Combine(_prefix, "opt/atmo-edge/releases")).Single();
        Assert.DoesNotContain(Directory.GetFiles(release).Select(Path.GetFileName), f => f!.StartsWith("atmo-sim", StringComparison.Ordinal)
            || f.StartsWith("atmo-edge-demo", StringComparison.Ordinal) || f.Contains("Simulator", StringComparison.Ordinal) || f.Contains("CloudDouble", StringComparison.Ordinal));

        using (Process daemon = StartInstalled(settings))
        {
            await WaitForReadyz(urls, daemon);
            using var http = new HttpClient();
            var data = await http.GetAsync($"{urls}/api/v1/data?api_key={key}&mac=AA:BB:CC:DD:EE:FF");
            Assert.Equal(HttpStatusCode.OK, data.StatusCode);
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }
        Assert.True(File.Exists(database), "the daemon created its database in the data folder");
        long sizeBefore = new FileInfo(database).Length;
        File.AppendAllText(settings, "\n");  // a user edit that an upgrade must keep
        string settingsBefore = File.ReadAllText(settings);

        Run("bash", RepoPath("install.sh"), "--prefix", _prefix, "--no-systemd", "--urls", urls);
        Assert.Equal(settingsBefore, File.ReadAllText(settings));
        Assert.Equal(key, File.ReadAllText(keyFile).Trim());
        Assert.True(new FileInfo(database).Length >= sizeBefore);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(_prefix, "opt/atmo-edge/releases")).Length);

        using (Process daemon = StartInstalled(settings))
        {
            await WaitForReadyz(urls, daemon);
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }

        string missing = Path.Combine(_prefix, "etc/atmo-edge/missing.json");
        using (Process daemon = StartInstalled(missing, drain: false))
        {
            string stderr = await daemon.StandardError.ReadToEndAsync();
            await daemon.WaitForExitAsync();
            Assert.Equal(1, daemon.ExitCode);
            Assert.Contains($"ATMO_EDGE_SETTINGS names {missing}, which does not exist", stderr, StringComparison.Ordinal);
        }

        Run("bash", RepoPath("install.sh"), "--prefix", _prefix, "--no-systemd", "--uninstall");
        Assert.False(Directory.Exists(Path.Combine(_prefix, "opt/atmo-edge")));
        Assert.True(File.Exists(database), "uninstall keeps the data");
        Run("bash", RepoPath("install.sh"), "--prefix", _prefix, "--no-systemd", "--uninstall", "--purge");
        Assert.False(Directory.Exists(Path.Combine(_prefix, "var/lib/atmo-edge")));
        Assert.False(Directory.Exists(Path.Combine(_prefix, "etc/atmo-edge")));
    }

    [Fact]
    public void Dry_run_changes_nothing()
    {
        string target = Path.Combine(_prefix, "dry");
        string output = Run("bash", RepoPath("install.sh"), "--prefix", target, "--no-systemd", "--dry-run");
        Assert.Contains("dotnet publish", output);
        Assert.Contains("nothing was changed", output);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Systemd_unit_passes_systemd_analyze_verify()
    {
        string unit = File.ReadAllText(RepoPath("deploy/atmo-edge.service"));
        // verify checks that ExecStart exists; point it at a binary that does.
        string copy = Path.Combine(_prefix, "atmo-edge.service");
        File.WriteAllText(copy, unit.Replace("ExecStart=/opt/atmo-edge/current/atmo-edge", "ExecStart=/bin/true", StringComparison.Ordinal));
        Run("systemd-analyze", "verify", copy);
        string security = Run("systemd-analyze", "security", "--offline=true", "--threshold=30", copy);
        Assert.Contains("Overall exposure level", security);
    }

    /// <param name="settings">The value of ATMO_EDGE_SETTINGS; the prefix is three folders above it.</param>
    /// <param name="drain">False: the caller reads stderr itself.</param>
    private static Process StartInstalled(string settings, bool drain = true)
    {
        string binary = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(settings)!)!)!, "opt/atmo-edge/current/atmo-edge");
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ATMO_EDGE_SETTINGS"] = settings;
        Process process = Process.Start(start)!;
        if (!drain)
            return process;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForReadyz(string urls, Process daemon)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        string body = "";
        await Eventually.UntilAsync(async () =>
        {
            Assert.False(daemon.HasExited, $"the installed daemon exited with code {(daemon.HasExited ? daemon.ExitCode : 0)}");
            try
            {
                body = await (await http.GetAsync($"{urls}/readyz")).Content.ReadAsStringAsync();
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, "the installed daemon answering /readyz", realSeconds: 60);
        Assert.Contains("\"checks\"", body);
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        string output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        return output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepoPath(string relative)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Atmo.Edge.sln")))
            dir = Path.GetDirectoryName(dir);
        return Path.Combine(dir ?? throw new InvalidOperationException("Atmo.Edge.sln not found above the test folder"), relative);
    }

    public void Dispose()
    {
        try { Directory.Delete(_prefix, recursive: true); } catch (IOException) { }
    }
}
