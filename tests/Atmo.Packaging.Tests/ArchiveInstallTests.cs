namespace Atmo.Packaging.Tests;

/// <summary>
/// install.sh --from the release archive of this machine's platform, below a prefix without systemd, on a
/// PATH that holds neither dotnet nor npm nor node.
/// </summary>
[Collection(nameof(ReleaseCollection))]
[Trait("Category", "Slow")] // builds the release artefacts: minutes; out of the day-to-day filter
public sealed class ArchiveInstallTests(ReleaseArtefacts release) : IDisposable
{
    private static readonly string[] SdkTools = ["dotnet", "npm", "npx", "node", "nodejs", "corepack"];
    private readonly string _prefix = Directory.CreateTempSubdirectory("atmo-from-").FullName;
    private string Releases => Path.Combine(_prefix, "opt/atmo-edge/releases");

    [Fact]
    public async Task Installs_without_sdk_serves_upgrades_keeping_settings_and_uninstalls()
    {
        Dictionary<string, string> noSdk = PathWithoutSdk();
        Assert.NotEqual(0, Shell.Try("bash", ["-c", "command -v dotnet || command -v npm || command -v node"], noSdk).ExitCode);

        Shell.Run("bash", [Repo.Path("install.sh"), "--from", release.Archive(ReleaseArtefacts.MachineRid), "--prefix", _prefix, "--no-systemd"], noSdk);
        string settings = Path.Combine(_prefix, "etc/atmo-edge/appsettings.json");
        string key = File.ReadAllText(Path.Combine(_prefix, "etc/atmo-edge/api-key")).Trim();
        Assert.Contains($"\"Path\": \"{_prefix}/var/lib/atmo-edge/atmo-edge.db\"", File.ReadAllText(settings));
        string first = Directory.GetDirectories(Releases).Single();
        Assert.Equal($"releases/{Path.GetFileName(first)}", LinkTarget("last-ready"));

        using (var daemon = new InstalledDaemon([Path.Combine(_prefix, "opt/atmo-edge/current/atmo-edge")], settings))
        {
            await daemon.WaitForReadyzAsync();
            await daemon.AssertServesDataAsync(key);
        }

        File.AppendAllText(settings, "\n");  // a user's edit, which an upgrade keeps
        string edited = File.ReadAllText(settings);
        Shell.Run("bash", [Repo.Path("install.sh"), "--from", release.Archive(ReleaseArtefacts.MachineRid), "--prefix", _prefix], noSdk);
        Assert.Equal(edited, File.ReadAllText(settings));
        Assert.Equal(key, File.ReadAllText(Path.Combine(_prefix, "etc/atmo-edge/api-key")).Trim());
        Assert.Equal(2, Directory.GetDirectories(Releases).Length);
        Assert.NotEqual($"releases/{Path.GetFileName(first)}", LinkTarget("current"));
        Assert.Equal(LinkTarget("current"), LinkTarget("last-ready"));

        Shell.Run("bash", [Repo.Path("install.sh"), "--prefix", _prefix, "--uninstall", "--purge"], noSdk);
        Assert.Empty(Directory.GetFiles(_prefix, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Pruning_keeps_the_last_release_that_became_ready()
    {
        // An upgrade to B was cut short before B became ready: current is B, last-ready still A; Z is older.
        foreach (string stamp in new[] { "20200101000000", "20200102000000", "20200103000000" })
            Directory.CreateDirectory(Path.Combine(Releases, stamp));
        File.CreateSymbolicLink(Path.Combine(_prefix, "opt/atmo-edge/last-ready"), "releases/20200102000000");
        File.CreateSymbolicLink(Path.Combine(_prefix, "opt/atmo-edge/current"), "releases/20200103000000");

        Shell.Run("bash", Repo.Path("install.sh"), "--from", release.Archive(ReleaseArtefacts.MachineRid), "--prefix", _prefix);

        string[] kept = Directory.GetDirectories(Releases).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(3, kept.Length);
        Assert.Equal(["20200102000000", "20200103000000"], kept[..2]);  // the last ready (A) and the replaced (B); Z is gone
        Assert.Equal($"releases/{kept[2]}", LinkTarget("current"));
        Assert.Equal($"releases/{kept[2]}", LinkTarget("last-ready"));
    }

    [Fact]
    public void Archive_of_another_platform_is_refused_and_a_dry_run_changes_nothing()
    {
        (int exitCode, string output) = Shell.Try("bash", [Repo.Path("install.sh"), "--from", release.Archive(ReleaseArtefacts.OtherRid), "--prefix", _prefix]);
        Assert.Equal(1, exitCode);
        Assert.Contains($"is built for {ReleaseArtefacts.OtherRid}, this machine needs {ReleaseArtefacts.MachineRid}; nothing was changed", output);
        Assert.Empty(Directory.GetFileSystemEntries(_prefix));

        string dryRun = Shell.Run("bash", Repo.Path("install.sh"), "--from", release.Archive(ReleaseArtefacts.MachineRid), "--prefix", _prefix, "--dry-run");
        Assert.Contains("+ tar -xzf", dryRun);
        Assert.Contains("nothing was changed", dryRun);
        Assert.Empty(Directory.GetFileSystemEntries(_prefix));
    }

    [Fact]
    public void A_Debian_package_is_handed_to_apt_and_never_installed_below_a_prefix()
    {
        Assert.True(Shell.IsRoot, "installing a Debian package needs root: run the tests as root, as CI does");
        string deb = release.DebianPackage(ReleaseArtefacts.MachineRid);
        string dryRun = Shell.Run("bash", Repo.Path("install.sh"), "--from", deb, "--dry-run");
        Assert.Contains($"+ env DEBIAN_FRONTEND=noninteractive apt-get install -y {deb}\n", dryRun);

        (int exitCode, string output) = Shell.Try("bash", [Repo.Path("install.sh"), "--from", deb, "--prefix", _prefix]);
        Assert.Equal(1, exitCode);
        Assert.Contains("a Debian package installs system-wide: use the release archive (.tar.gz) with --prefix", output);
        Assert.Empty(Directory.GetFileSystemEntries(_prefix));
    }

    /// <summary>A PATH with every program of this one but the .NET SDK's and Node's, through symbolic links.</summary>
    private Dictionary<string, string> PathWithoutSdk()
    {
        string bin = Directory.CreateDirectory(Path.Combine(_prefix, "..", Path.GetFileName(_prefix) + "-bin")).FullName;
        foreach (string dir in Environment.GetEnvironmentVariable("PATH")!.Split(':').Where(Directory.Exists))
            foreach (string program in Directory.GetFiles(dir))
            {
                string link = Path.Combine(bin, Path.GetFileName(program));
                if (!SdkTools.Contains(Path.GetFileName(program)) && !File.Exists(link) && !Directory.Exists(link))
                    File.CreateSymbolicLink(link, program);
            }
        return new Dictionary<string, string> { ["PATH"] = bin, ["DOTNET_ROOT"] = "" };
    }

    private string? LinkTarget(string name) => new FileInfo(Path.Combine(_prefix, "opt/atmo-edge", name)).LinkTarget;

    public void Dispose()
    {
        try { Directory.Delete(_prefix, recursive: true); } catch (IOException) { }
        try { Directory.Delete(_prefix + "-bin", recursive: true); } catch (IOException) { }
    }
}
