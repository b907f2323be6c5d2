using System.Diagnostics;

namespace Atmo.Packaging.Tests;

/// <summary>
/// The real install.sh from a checkout (it builds the release itself) into a temporary prefix without
/// systemd: installs, starts, upgrades in place and uninstalls; its dry runs; the systemd unit.
/// </summary>
public sealed class InstallScriptTests : IDisposable
{
    private static readonly string[] SystemCommands = ["useradd", "usermod", "userdel", "groupadd", "groupdel", "chown", "systemctl", ".service"];
    private readonly string _prefix = Directory.CreateTempSubdirectory("atmo-install-").FullName;

    [Fact]
    [Trait("Category", "Slow")] // a self-contained publish: half a minute, more under load; out of the day-to-day filter
    public async Task Builds_from_source_outside_the_checkout_starts_upgrades_without_losing_data_and_uninstalls()
    {
        string[] checkoutBefore = BuildOutputsInCheckout();
        Shell.Run("bash", Repo.Path("install.sh"), "--prefix", _prefix, "--no-systemd");
        Assert.Equal(checkoutBefore, BuildOutputsInCheckout());
        string settings = Path.Combine(_prefix, "etc/atmo-edge/appsettings.json");
        string keyFile = Path.Combine(_prefix, "etc/atmo-edge/api-key");
        string database = Path.Combine(_prefix, "var/lib/atmo-edge/atmo-edge.db");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        string key = File.ReadAllText(keyFile).Trim();
        Assert.True(key.Length >= 32);
        string release = Directory.GetDirectories(Path.Combine(_prefix, "opt/atmo-edge/releases")).Single();
        Assert.Contains($"rid={ReleaseArtefacts.MachineRid}\n", File.ReadAllText(Path.Combine(release, "atmo-edge.release")));
        // The production binary: no emulator, no test double, no dbus-daemon launcher.
        Assert.DoesNotContain(Directory.GetFiles(release).Select(Path.GetFileName), f => f!.StartsWith("atmo-sim", StringComparison.Ordinal)
            || f.StartsWith("atmo-edge-demo", StringComparison.Ordinal) || f.Contains("Simulator", StringComparison.Ordinal) || f.Contains("CloudDouble", StringComparison.Ordinal));

        using (var daemon = new InstalledDaemon([Path.Combine(_prefix, "opt/atmo-edge/current/atmo-edge")], settings))
        {
            await daemon.WaitForReadyzAsync();
            await daemon.AssertServesDataAsync(key);
        }
        Assert.True(File.Exists(database), "the daemon created its database in the data folder");
        long sizeBefore = new FileInfo(database).Length;
        File.AppendAllText(settings, "\n");  // a user edit that an upgrade must keep
        string settingsBefore = File.ReadAllText(settings);

        // An upgrade from an unpacked release: the installed one holds its installer and its release note.
        Shell.Run("bash", Path.Combine(release, "install.sh"), "--prefix", _prefix);
        Assert.Equal(settingsBefore, File.ReadAllText(settings));
        Assert.Equal(key, File.ReadAllText(keyFile).Trim());
        Assert.True(new FileInfo(database).Length >= sizeBefore);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(_prefix, "opt/atmo-edge/releases")).Length);

        using (var daemon = new InstalledDaemon([Path.Combine(_prefix, "opt/atmo-edge/current/atmo-edge")], settings))
            await daemon.WaitForReadyzAsync();

        string missing = Path.Combine(_prefix, "etc/atmo-edge/missing.json");
        var start = new ProcessStartInfo(Path.Combine(_prefix, "opt/atmo-edge/current/atmo-edge")) { RedirectStandardError = true };
        start.Environment["ATMO_EDGE_SETTINGS"] = missing;
        using (Process process = Process.Start(start)!)
        {
            string stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(1, process.ExitCode);
            Assert.Contains($"ATMO_EDGE_SETTINGS names {missing}, which does not exist", stderr, StringComparison.Ordinal);
        }

        Shell.Run("bash", Repo.Path("install.sh"), "--prefix", _prefix, "--uninstall");
        Assert.False(Directory.Exists(Path.Combine(_prefix, "opt/atmo-edge")));
        Assert.True(File.Exists(database), "uninstall keeps the data");
        Shell.Run("bash", Repo.Path("install.sh"), "--prefix", _prefix, "--uninstall", "--purge");
        Assert.False(Directory.Exists(Path.Combine(_prefix, "var/lib/atmo-edge")));
        Assert.False(Directory.Exists(Path.Combine(_prefix, "etc/atmo-edge")));
    }

    [Fact]
    public void Dry_run_changes_nothing()
    {
        string target = Path.Combine(_prefix, "dry");
        string output = Shell.Run("bash", Repo.Path("install.sh"), "--prefix", target, "--no-systemd", "--dry-run");
        Assert.Contains($"packaging/build-release.sh --rid {ReleaseArtefacts.MachineRid} --no-deb", output);
        Assert.Contains("nothing was changed", output);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Under_sudo_the_build_runs_as_the_invoking_user()
    {
        Assert.True(Shell.IsRoot, "sudo's case needs root: run the tests as root, as CI does");
        string output = Shell.Run("bash", [Repo.Path("install.sh"), "--prefix", Path.Combine(_prefix, "dry"), "--dry-run"],
            new Dictionary<string, string> { ["SUDO_USER"] = "nobody" });
        Assert.Contains("+ runuser -u nobody -- env HOME=", output);
        Assert.Contains("packaging/build-release.sh", output);
    }

    /// <summary>Issue 12: --prefix implies --no-systemd; not even a dry run names a system user, group or unit.</summary>
    [Theory]
    [InlineData("--uninstall", "--purge")]
    [InlineData("--uninstall")]
    [InlineData]
    public void A_prefix_never_touches_system_users_groups_or_units(params string[] action)
    {
        string output = Shell.Run("bash", [Repo.Path("install.sh"), "--prefix", _prefix, .. action, "--dry-run"]);
        Assert.DoesNotContain(SystemCommands, command => output.Contains(command, StringComparison.Ordinal));
        Assert.DoesNotContain("'atmo'", output);
        Assert.DoesNotContain(" atmo ", output);
        Assert.DoesNotContain("atmo:atmo", output);
    }

    [Fact]
    public void Systemd_unit_passes_systemd_analyze_verify()
    {
        string unit = File.ReadAllText(Repo.Path("deploy/atmo-edge.service"));
        // Issue 12: limits that turn a leak or a connection flood into a restart of this service alone.
        Assert.Contains("\nLimitNOFILE=4096\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nMemoryMax=384M\n", unit, StringComparison.Ordinal);
        // verify checks that ExecStart exists; point it at a binary that does.
        string copy = Path.Combine(_prefix, "atmo-edge.service");
        File.WriteAllText(copy, unit.Replace("ExecStart=/opt/atmo-edge/current/atmo-edge", "ExecStart=/bin/true", StringComparison.Ordinal));
        Shell.Run("systemd-analyze", "verify", copy);
        string security = Shell.Run("systemd-analyze", "security", "--offline=true", "--threshold=30", copy);
        Assert.Contains("Overall exposure level", security);
    }

    /// <summary>What a build in the checkout would have written: Release outputs, restore results, the dashboard's packages.</summary>
    private static string[] BuildOutputsInCheckout() =>
        Directory.GetDirectories(Repo.Path("src"))
            .SelectMany(project => new[] { "bin/Release", "obj/Release", "obj/project.assets.json", "node_modules/.package-lock.json", "dist/index.html" }
                .Select(output => Path.Combine(project, output)))
            .Select(path => $"{path} {(File.Exists(path) ? File.GetLastWriteTimeUtc(path).Ticks : Directory.Exists(path) ? Directory.GetLastWriteTimeUtc(path).Ticks : -1)}")
            .ToArray();

    public void Dispose()
    {
        try { Directory.Delete(_prefix, recursive: true); } catch (IOException) { }
    }
}
