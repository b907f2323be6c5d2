using Microsoft.Extensions.Options;

namespace Atmo.Mqtt;

/// <summary>Validates <see cref="MqttOptions"/> at start with messages that say what to change.</summary>
public sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
            return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (Uri.CheckHostName(options.Host!.Trim()) == UriHostNameType.Unknown)
            failures.Add($"Mqtt:Host '{options.Host}' is not a host name or IP address; use e.g. 192.168.1.10 or broker.local (no scheme, no port).");
        if (options.Port is < 1 or > 65535)
            failures.Add($"Mqtt:Port is {options.Port}; give a TCP port from 1 to 65535 (usually 1883, or 8883 with TLS).");
        if (!string.IsNullOrEmpty(options.Password) && !string.IsNullOrEmpty(options.PasswordFile))
            failures.Add("Mqtt:Password and Mqtt:PasswordFile are both set; keep only one (PasswordFile is preferred).");
        if (string.IsNullOrWhiteSpace(options.Username) && (!string.IsNullOrEmpty(options.Password) || !string.IsNullOrEmpty(options.PasswordFile)))
            failures.Add("Mqtt:Password or Mqtt:PasswordFile is set without Mqtt:Username; set the user name the broker knows.");
        FileExists(failures, "PasswordFile", options.PasswordFile, "create it with the password alone (chmod 600)");
        if (!options.Tls && (options.CaFile ?? options.ClientCertificateFile ?? options.ClientKeyFile) is not null)
            failures.Add("Mqtt:CaFile, Mqtt:ClientCertificateFile and Mqtt:ClientKeyFile need Mqtt:Tls=true; turn TLS on or remove them.");
        FileExists(failures, "CaFile", options.CaFile, "give the PEM file of the CA that signed the broker's certificate");
        FileExists(failures, "ClientCertificateFile", options.ClientCertificateFile, "give the PEM client certificate");
        FileExists(failures, "ClientKeyFile", options.ClientKeyFile, "give the PEM private key of the client certificate");
        if (options.ClientKeyFile is not null && options.ClientCertificateFile is null)
            failures.Add("Mqtt:ClientKeyFile is set without Mqtt:ClientCertificateFile; set both or neither.");
        if (options.ClientId is { } clientId && (clientId.Length is 0 or > 128 || clientId.Any(c => c <= ' ' || c > '~')))
            failures.Add($"Mqtt:ClientId '{clientId}' must be 1 to 128 printable ASCII characters without spaces (default atmo-edge-<host name>).");
        if (options.StatusInterval < TimeSpan.FromSeconds(1) || options.StatusInterval > TimeSpan.FromHours(1))
            failures.Add($"Mqtt:StatusInterval is {options.StatusInterval}; give 00:00:01 to 01:00:00 (default 00:00:15).");
        Topic(failures, "TopicPrefix", options.TopicPrefix, "atmo-edge/<host name>");
        Topic(failures, "DiscoveryPrefix", options.DiscoveryPrefix, "homeassistant");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void FileExists(List<string> failures, string key, string? path, string what)
    {
        if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            failures.Add($"Mqtt:{key} '{path}' does not exist; {what}, or remove the setting.");
    }

    /// <summary>A topic to publish under: levels without wildcards, no leading or trailing '/', no empty level.</summary>
    private static void Topic(List<string> failures, string key, string? topic, string usual)
    {
        if (topic is null)
            return;
        if (topic.Length == 0 || topic.Split('/').Any(level => level.Length == 0 || level.IndexOfAny(['+', '#', '\0']) >= 0 || level.Any(char.IsWhiteSpace)))
            failures.Add($"Mqtt:{key} '{topic}' is not a topic prefix: levels separated by '/', none empty, no '+', '#' or spaces (usually {usual}).");
    }
}
