using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Atmo.Gateway.Configuration;

/// <summary>
/// The installed service's own settings file, named by <c>ATMO_EDGE_SETTINGS</c>: read after
/// <c>appsettings.json</c> beside the binary and before environment variables and the command
/// line, so an upgrade (which replaces the binary's folder) never touches the user's settings.
/// </summary>
public static class SettingsFile
{
    public const string EnvironmentVariable = "ATMO_EDGE_SETTINGS";

    /// <summary>Adds <paramref name="path"/> (when not empty) at its place among <paramref name="configuration"/>'s sources.</summary>
    /// <exception cref="SettingsFileException">The file is missing, unreadable or not valid JSON.</exception>
    public static void Add(IConfigurationManager configuration, string? path)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(path))
            return;

        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new SettingsFileException($"{EnvironmentVariable} names {fullPath}, which does not exist; create it (it may hold just {{}}) or unset {EnvironmentVariable}");
        try
        {
            using FileStream probe = File.OpenRead(fullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SettingsFileException($"{EnvironmentVariable} names {fullPath}, which cannot be read ({exception.GetType().Name}); check its permissions");
        }

        var source = new JsonConfigurationSource { Path = fullPath, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        try
        {
            configuration.Sources.Insert(InsertionIndex(configuration.Sources), source);
        }
        catch (InvalidDataException exception)
        {
            throw new SettingsFileException($"{EnvironmentVariable} names {fullPath}, which is not valid JSON: {exception.InnerException?.Message ?? exception.Message}");
        }
    }

    /// <summary>Right after the last appsettings*.json; else before the first unprefixed environment source; else last.</summary>
    private static int InsertionIndex(IList<IConfigurationSource> sources)
    {
        for (int i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } json } && Path.GetFileName(json).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
                return i + 1;
        }

        for (int i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
                return i;
        }

        return sources.Count;
    }
}
