using System.Security.Cryptography;
using System.Text;

namespace Atmo.Gateway.Api.Access;

/// <summary>The key file: one key per line; generated with a random key and mode 0600 when missing.</summary>
public static class ApiKeyFile
{
    public const string DefaultFileName = "api-key";

    /// <summary><see cref="ApiOptions.KeyFile"/>, or <c>api-key</c> in the folder of the database.</summary>
    public static string ResolvePath(string? configuredKeyFile, string databasePath)
    {
        if (!string.IsNullOrWhiteSpace(configuredKeyFile))
            return Path.GetFullPath(configuredKeyFile);
        string folder = Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? Directory.GetCurrentDirectory();
        return Path.Combine(folder, DefaultFileName);
    }

    /// <summary>The keys in the file; blank lines and <c>#</c> comments skipped. Throws with the line number for an unusable key.</summary>
    public static IReadOnlyList<string> Read(string path)
    {
        var keys = new List<string>();
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (ApiKeyRules.Check(line) is { } problem)
                throw new InvalidOperationException($"Line {i + 1} of the API key file '{path}' {problem}.");
            keys.Add(line);
        }

        return keys;
    }

    /// <summary>Creates the file (and its folder) with a new random key, readable and writable by the owner only.</summary>
    /// <returns>The new key.</returns>
    public static string Create(string path)
    {
        string key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(
                "# API key for GET /api/v1/data (pass as api_key=...). One key per line; lines starting with # are ignored.\n" +
                key + "\n"));
            stream.Flush(flushToDisk: true);
        }

        return key;
    }

    /// <summary>True when group or others may read the file (Unix).</summary>
    public static bool IsReadableByOthers(string path) =>
        !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
}
