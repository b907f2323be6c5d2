using Microsoft.Extensions.Options;

namespace Atmo.Sync;

/// <summary>Validates <see cref="CloudOptions"/> on start with messages that say what to change.</summary>
public sealed class CloudOptionsValidator : IValidateOptions<CloudOptions>
{
    public ValidateOptionsResult Validate(string? name, CloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ApiKey) && !string.IsNullOrWhiteSpace(options.ApiKeyFile))
            failures.Add("Cloud:ApiKey and Cloud:ApiKeyFile are both set; keep only one (ApiKeyFile is preferred).");
        if (!string.IsNullOrWhiteSpace(options.ApiKeyFile) && string.IsNullOrWhiteSpace(options.ApiKey) && !File.Exists(options.ApiKeyFile))
            failures.Add($"Cloud:ApiKeyFile '{options.ApiKeyFile}' does not exist; create it with the key alone (chmod 600) or remove the setting to turn cloud sync off.");
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out Uri? baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            failures.Add($"Cloud:BaseUrl '{options.BaseUrl}' is not an absolute http(s) address; use e.g. https://api.atmotube.com.");
        else if (baseUrl.Scheme == "http" && !IsLoopback(baseUrl))
            failures.Add($"Cloud:BaseUrl '{options.BaseUrl}' is plain http: the API key would cross the network readable by anyone on the way. Use https:// (e.g. https://api.atmotube.com); http is accepted only for a loopback address (localhost, 127.0.0.1, ::1).");
        else if (!string.IsNullOrEmpty(baseUrl.Query))
            failures.Add("Cloud:BaseUrl must not contain a query string; put the API key in Cloud:ApiKey or Cloud:ApiKeyFile.");
        Range(failures, nameof(options.RequestsPerMinute), options.RequestsPerMinute, 1, 10_000, "60 for the Atmotube Cloud");
        Range(failures, nameof(options.HorizonDays), options.HorizonDays, 1, 366, "30");
        Range(failures, nameof(options.IntervalMinutes), options.IntervalMinutes, 1, 1440, "15");
        Range(failures, nameof(options.RequestTimeoutSeconds), options.RequestTimeoutSeconds, 1, 600, "30");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The key never leaves the machine: a test double or a local proxy.</summary>
    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (System.Net.IPAddress.TryParse(address.DnsSafeHost, out System.Net.IPAddress? ip) && System.Net.IPAddress.IsLoopback(ip));

    private static void Range(List<string> failures, string key, int value, int min, int max, string usual)
    {
        if (value < min || value > max)
            failures.Add($"Cloud:{key} is {value}; it must be between {min} and {max} (usually {usual}).");
    }
}
