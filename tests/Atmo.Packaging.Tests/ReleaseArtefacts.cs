using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Atmo.Packaging.Tests;

/// <summary>
/// The linux-x64 and linux-arm64 archives and Debian packages, built once per test run by
/// packaging/build-release.sh into a temporary folder. Its time and the artefacts' sizes go to
/// artifacts/release-build.txt beside the tests.
/// </summary>
public sealed partial class ReleaseArtefacts : IDisposable
{
    public ReleaseArtefacts()
    {
        Folder = Directory.CreateTempSubdirectory("atmo-release-").FullName;
        var clock = Stopwatch.StartNew();
        Shell.Run("bash", Repo.Path("packaging/build-release.sh"), "--rid", "linux-x64", "--rid", "linux-arm64", "--out", Folder);
        BuildTime = clock.Elapsed;
        Version = VersionProperty().Match(File.ReadAllText(Repo.Path("Directory.Build.props"))).Groups[1].Value;

        string report = Path.Combine(AppContext.BaseDirectory, "artifacts", "release-build.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        File.WriteAllLines(report, Directory.GetFiles(Folder).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetFileName(f)}\t{new FileInfo(f).Length} bytes")
            .Prepend($"build-release.sh --rid linux-x64 --rid linux-arm64: {BuildTime.TotalSeconds:F0} s"));
    }

    public string Folder { get; }

    public TimeSpan BuildTime { get; }

    public string Version { get; }

    /// <summary>This machine's platform, whose artefacts the tests install and run.</summary>
    public static string MachineRid { get; } = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    /// <summary>The other platform, whose artefacts are only inspected.</summary>
    public static string OtherRid { get; } = MachineRid == "linux-x64" ? "linux-arm64" : "linux-x64";

    public string Archive(string rid) => Path.Combine(Folder, $"atmo-edge-{Version}-{rid}.tar.gz");

    public string DebianPackage(string rid) => Path.Combine(Folder, $"atmo-edge_{Version}_{DebianArchitecture(rid)}.deb");

    public static string DebianArchitecture(string rid) => rid == "linux-arm64" ? "arm64" : "amd64";

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionProperty();

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
