namespace Atmo.Packaging.Tests;

/// <summary>
/// The linux-x64 Debian package installed with dpkg on this machine (root, no systemd running, as on CI),
/// its program started the way its unit starts it, then removed and purged: nothing may stay behind.
/// </summary>
[Collection(nameof(ReleaseCollection))]
[Trait("Category", "Slow")] // builds the release artefacts: minutes; out of the day-to-day filter
public sealed class DebianPackageTests(ReleaseArtefacts release)
{
    private const string Package = "atmo-edge";

    [Fact]
    public async Task Installs_serves_removes_keeping_data_and_purges_leaving_nothing_behind()
    {
        Assert.True(Shell.IsRoot, "dpkg -i needs root: run the tests as root, as CI does");
        Assert.False(PackageKnown(), $"the package {Package} is already on this machine; the test installs and purges its own: dpkg --purge {Package}");
        Assert.False(Exists("passwd", "atmo"), "a user 'atmo' exists already; the test must see the package create and remove it");
        string[] pathsBefore = PathsNamedAtmo();
        bool bluetoothGroupBefore = Exists("group", "bluetooth");
        string deb = release.DebianPackage(ReleaseArtefacts.MachineRid);
        try
        {
            Shell.Run("dpkg", "--install", deb);
            Assert.Contains("bluetooth", Shell.Run("id", "-nG", "atmo").Split(' ', StringSplitOptions.TrimEntries));
            Assert.Equal("750 atmo:atmo", Stat("/var/lib/atmo-edge"));
            Assert.Equal("600 atmo:atmo", Stat("/etc/atmo-edge/api-key"));
            string key = File.ReadAllText("/etc/atmo-edge/api-key").Trim();
            Assert.True(key.Length >= 32);
            Assert.True(File.Exists("/etc/systemd/system/multi-user.target.wants/atmo-edge.service"), "enabled for the next boot");

            await RunAsTheUnitWould(key);
            Assert.True(File.Exists("/var/lib/atmo-edge/atmo-edge.db"), "the daemon created its database in the data folder");

            Shell.Run("dpkg", "--install", deb);  // a reinstall (an upgrade's path) keeps the key
            Assert.Equal(key, File.ReadAllText("/etc/atmo-edge/api-key").Trim());

            Shell.Run("dpkg", "--remove", Package);
            Assert.False(Directory.Exists("/usr/lib/atmo-edge"));
            Assert.False(File.Exists("/lib/systemd/system/atmo-edge.service"));
            Assert.True(File.Exists("/var/lib/atmo-edge/atmo-edge.db"), "remove keeps the data");
            Assert.True(File.Exists("/etc/atmo-edge/appsettings.json"), "remove keeps the settings");
            Assert.True(Exists("passwd", "atmo"), "remove keeps the user that owns the data");

            Shell.Run("dpkg", "--purge", Package);
            Assert.False(PackageKnown());
            Assert.False(Exists("passwd", "atmo"), "purge removes the user");
            Assert.False(Exists("group", "atmo"), "purge removes the user's group");
            Assert.Equal(bluetoothGroupBefore, Exists("group", "bluetooth"));
            Assert.Equal(pathsBefore, PathsNamedAtmo());
        }
        finally
        {
            if (PackageKnown())
                Shell.Try("dpkg", ["--purge", Package]);
        }
    }

    /// <summary>The installed unit's user, groups, working folder, environment and program, without systemd.</summary>
    private static async Task RunAsTheUnitWould(string key)
    {
        string[] unit = File.ReadAllLines("/lib/systemd/system/atmo-edge.service");
        string Setting(string name) => unit.Single(line => line.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
        var environment = unit.Where(line => line.StartsWith("Environment=", StringComparison.Ordinal))
            .Select(line => line["Environment=".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        Assert.Equal("atmo", Setting("User"));
        string[] command = ["setpriv", $"--reuid={Setting("User")}", $"--regid={Setting("Group")}", "--init-groups", "--", Setting("ExecStart")];

        using var daemon = new InstalledDaemon(command, environment["ATMO_EDGE_SETTINGS"], environment, Setting("WorkingDirectory"));
        await daemon.WaitForReadyzAsync();
        await daemon.AssertServesDataAsync(key);
    }

    private static bool PackageKnown() => Shell.Try("dpkg-query", ["--status", Package]).ExitCode == 0;

    private static bool Exists(string database, string name) => Shell.Try("getent", [database, name]).ExitCode == 0;

    private static string Stat(string path) => Shell.Run("stat", "--format=%a %U:%G", path).Trim();

    /// <summary>Every path named *atmo* in the system's folders (temporary folders aside, where builds run).</summary>
    private static string[] PathsNamedAtmo() =>
        Shell.Run("find", "/etc", "/usr", "/var", "/opt", "-xdev", "-path", "/var/tmp", "-prune", "-o", "-name", "*atmo*", "-print")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
}
