using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;

namespace Atmo.Packaging.Tests;

/// <summary>What the release archives and Debian packages hold, checked without running them.</summary>
[Collection(nameof(ReleaseCollection))]
[Trait("Category", "Slow")] // builds the release artefacts: minutes; out of the day-to-day filter
public sealed class ReleaseArtefactTests(ReleaseArtefacts release) : IDisposable
{
    private const ushort ElfMachineX64 = 0x3E;
    private const ushort ElfMachineAarch64 = 0xB7;
    private readonly string _scratch = Directory.CreateTempSubdirectory("atmo-artefact-").FullName;

    [Fact]
    public void Checksums_cover_every_artefact()
    {
        string sums = File.ReadAllText(Path.Combine(release.Folder, "SHA256SUMS"));
        foreach (string rid in new[] { "linux-x64", "linux-arm64" })
        {
            Assert.Contains($"  {Path.GetFileName(release.Archive(rid))}\n", sums);
            Assert.Contains($"  {Path.GetFileName(release.DebianPackage(rid))}\n", sums);
        }
        string check = Shell.Run("bash", "-c", $"cd '{release.Folder}' && sha256sum --check SHA256SUMS");
        Assert.Equal(4, check.Split('\n').Count(line => line.EndsWith(": OK", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("linux-arm64", ElfMachineAarch64)]
    [InlineData("linux-x64", ElfMachineX64)]
    public void Archive_holds_the_program_for_its_platform_and_what_install_sh_needs(string rid, ushort elfMachine)
    {
        string top = $"atmo-edge-{release.Version}-{rid}/";
        Dictionary<string, TarEntryCopy> entries = ReadArchive(release.Archive(rid));

        Assert.All(entries.Keys, name => Assert.StartsWith(top, name, StringComparison.Ordinal));
        Assert.All(entries.Values, entry => Assert.Equal((0, 0), (entry.Uid, entry.Gid)));
        Assert.Equal(elfMachine, ElfMachine(entries[top + "atmo-edge"].Data));
        Assert.Equal(elfMachine, ElfMachine(entries[top + "libcoreclr.so"].Data));
        Assert.True(entries[top + "atmo-edge"].Mode.HasFlag(UnixFileMode.UserExecute));
        Assert.True(entries[top + "install.sh"].Mode.HasFlag(UnixFileMode.UserExecute));
        Assert.Equal($"version={release.Version}\nrid={rid}\n", entries[top + "atmo-edge.release"].Text);
        Assert.Equal(File.ReadAllText(Repo.Path("deploy/atmo-edge.service")), entries[top + "deploy/atmo-edge.service"].Text);
        Assert.Equal(File.ReadAllText(Repo.Path("deploy/appsettings.json")), entries[top + "deploy/appsettings.json"].Text);
        Assert.Contains(top + "deploy/atmo-edge-bluez.conf", entries.Keys);
        Assert.Contains(top + "atmo-edge.dll", entries.Keys);
        // The production program only: no emulator, no test double, no demo, no debug symbols.
        Assert.DoesNotContain(entries.Keys, name => name.Contains("Simulator", StringComparison.Ordinal)
            || name.Contains("CloudDouble", StringComparison.Ordinal) || name.Contains("atmo-edge-demo", StringComparison.Ordinal)
            || name.Contains("atmo-sim", StringComparison.Ordinal) || name.EndsWith(".pdb", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("linux-arm64", ElfMachineAarch64)]
    [InlineData("linux-x64", ElfMachineX64)]
    public void Debian_package_installs_the_program_in_usr_lib_with_unit_policy_and_conffile(string rid, ushort elfMachine)
    {
        string deb = release.DebianPackage(rid);
        Assert.Equal(ReleaseArtefacts.DebianArchitecture(rid), Shell.Run("dpkg-deb", "--field", deb, "Architecture").Trim());
        Assert.Equal(release.Version, Shell.Run("dpkg-deb", "--field", deb, "Version").Trim());
        Shell.Run("dpkg-deb", "--raw-extract", deb, _scratch);

        Assert.Equal(elfMachine, ElfMachine(File.ReadAllBytes(Path.Combine(_scratch, "usr/lib/atmo-edge/atmo-edge"))));
        string unit = File.ReadAllText(Path.Combine(_scratch, "lib/systemd/system/atmo-edge.service"));
        Assert.Contains("\nExecStart=/usr/lib/atmo-edge/atmo-edge\n", unit);
        Assert.DoesNotContain("/opt/", unit);
        Assert.True(File.Exists(Path.Combine(_scratch, "usr/share/dbus-1/system.d/atmo-edge-bluez.conf")));
        Assert.Equal("/etc/atmo-edge/appsettings.json\n", File.ReadAllText(Path.Combine(_scratch, "DEBIAN/conffiles")));
        Assert.Equal(File.ReadAllText(Repo.Path("deploy/appsettings.json")), File.ReadAllText(Path.Combine(_scratch, "etc/atmo-edge/appsettings.json")));
        Assert.False(Directory.Exists(Path.Combine(_scratch, "opt")), "Debian policy keeps packages out of /opt");
        foreach (string script in new[] { "postinst", "prerm", "postrm" })
            Shell.Run("sh", "-n", Path.Combine(_scratch, "DEBIAN", script));
    }

    [Theory]
    [InlineData("linux-arm64")]
    [InlineData("linux-x64")]
    public void Debian_package_passes_lintian_without_errors(string rid)
    {
        (int exitCode, string output) = Shell.Try("lintian", ["--fail-on", "error", release.DebianPackage(rid)]);
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith("E:", StringComparison.Ordinal));
        Assert.True(exitCode == 0, $"lintian exited with {exitCode}:\n{output}");
    }

    private static ushort ElfMachine(byte[] elf)
    {
        Assert.True(elf.Length > 20 && elf[0] == 0x7F && elf[1] == 'E' && elf[2] == 'L' && elf[3] == 'F', "not an ELF file");
        Assert.Equal(2, elf[4]);  // 64-bit
        return BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(18));
    }

    private sealed record TarEntryCopy(int Uid, int Gid, UnixFileMode Mode, byte[] Data)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Data);
    }

    private static Dictionary<string, TarEntryCopy> ReadArchive(string path)
    {
        var entries = new Dictionary<string, TarEntryCopy>(StringComparer.Ordinal);
        using var reader = new TarReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.GetNextEntry() is { } entry)
        {
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries[entry.Name] = new TarEntryCopy(entry.Uid, entry.Gid, entry.Mode, data.ToArray());
        }
        return entries;
    }

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}
