using System.Globalization;
using System.Reflection;

namespace Atmo.Core;

/// <summary>
/// Version and build date of this software, the one reader of both. The date is stamped (UTC, a day's
/// resolution) on this assembly by its project file, so every host, command and test reads the same.
/// </summary>
public static class BuildInfo
{
    private static readonly Assembly Assembly = typeof(BuildInfo).Assembly;

    public static string Version =>
        Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The day this software was built: no clock that is right can be earlier. Null only if the stamp is missing.</summary>
    public static DateOnly? BuildDate { get; } =
        Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "BuildDate")?.Value is { } text
        && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? date
            : null;
}
