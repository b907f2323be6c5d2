namespace Atmo.Dashboard.Tests;

/// <summary>
/// Where the tests leave what a person looks at: screenshots, the performance numbers, the gateway's log.
/// <c>tests/Atmo.Dashboard.Tests/bin/Debug/net10.0/artifacts/</c> after <c>dotnet test</c>.
/// </summary>
internal static class Artifacts
{
    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public static string PathOf(string file) => Path.Combine(Folder, file);
}
