using Microsoft.Extensions.Logging;

namespace Atmo.Sync.Api;

/// <summary>The resolved API key (or its absence) and the redactor that hides it.</summary>
public sealed class CloudApiKey
{
    private readonly string? _value;

    private CloudApiKey(string? value)
    {
        _value = value;
        Redactor = new ApiKeyRedactor(value);
    }

    public static CloudApiKey None { get; } = new(null);

    public bool IsConfigured => _value is not null;

    public ApiKeyRedactor Redactor { get; }

    /// <summary>The key, for building a request; never log it.</summary>
    internal string Value => _value ?? throw new InvalidOperationException("No cloud API key is configured.");

    public static CloudApiKey FromValue(string? value) =>
        string.IsNullOrWhiteSpace(value) ? None : new CloudApiKey(value.Trim());

    /// <summary>
    /// <see cref="CloudOptions.ApiKey"/>, or the content of <see cref="CloudOptions.ApiKeyFile"/>.
    /// Warns when the file is readable by group or others. A missing file is an error that names the path.
    /// </summary>
    public static CloudApiKey Resolve(CloudOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
            return FromValue(options.ApiKey);
        if (string.IsNullOrWhiteSpace(options.ApiKeyFile))
            return None;

        string path = options.ApiKeyFile;
        if (!File.Exists(path))
            throw new FileNotFoundException($"Cloud:ApiKeyFile '{path}' does not exist; create it with the key alone (chmod 600) or remove the setting.", path);
        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            const UnixFileMode shared = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            if ((mode & shared) != 0)
                logger.LogWarning("The API key file {Path} is readable by {Who}; run 'chmod 600 {Path}' so only the service user can read it.",
                    path, (mode & UnixFileMode.OtherRead) != 0 ? "everyone" : "its group", path);
        }
        CloudApiKey key = FromValue(File.ReadAllText(path));
        if (!key.IsConfigured)
            logger.LogWarning("The API key file {Path} is empty; cloud sync stays off.", path);
        return key;
    }

    public override string ToString() => IsConfigured ? ApiKeyRedactor.Mask : "(none)";
}
