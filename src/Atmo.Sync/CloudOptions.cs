
namespace Atmo.Sync;

/// <summary>Configuration section <c>Cloud</c>: filling gaps from the Atmotube Cloud API.</summary>
/// <remarks>Without <see cref="ApiKey"/> or <see cref="ApiKeyFile"/> cloud sync is off.</remarks>
public sealed class CloudOptions
{
    public const string SectionName = "Cloud";

    /// <summary>
    /// The Atmotube Cloud API key. Default none (sync off). Prefer <see cref="ApiKeyFile"/> so the
    /// key stays out of configuration files and process listings. Never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Path of a file whose (trimmed) content is the API key. Default none. A warning is logged when
    /// the file is readable by group or others; <c>chmod 600</c> it. Set this or <see cref="ApiKey"/>, not both.
    /// </summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Base address of the cloud API. Default <c>https://api.atmotube.com</c>.</summary>
    public string BaseUrl { get; set; } = "https://api.atmotube.com";

    /// <summary>
    /// Requests per wall-clock minute for the key, shared by all devices (the service allows 60 and
    /// resets the count at each minute boundary). Default 60; 1 to 10000.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 60;

    /// <summary>How many UTC calendar days, today included, are checked for gaps. Default 30; 1 to 366.</summary>
    public int HorizonDays { get; set; } = 30;

    /// <summary>Minutes between two sync passes. Default 15; 1 to 1440.</summary>
    public int IntervalMinutes { get; set; } = 15;

    /// <summary>Seconds one HTTP attempt may take before it counts as a timeout. Default 30; 1 to 600.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Path of the JSON file that remembers ranges the cloud answered without data (their back-off).
    /// Default <c>cloud-sync-state.json</c> in the folder of <c>Storage:Path</c> (beside the database; the gateway
    /// sets it, see <c>CloudSyncRegistration</c>), else in the working directory.
    /// </summary>
    public string? StateFile { get; set; }
}
