namespace Atmo.Mqtt;

/// <summary>
/// The <c>Mqtt</c> section. MQTT is off until <see cref="Host"/> is set. Every setting is documented in
/// docs/mqtt.md and validated at start by <see cref="MqttOptionsValidator"/>.
/// </summary>
public sealed class MqttOptions
{
    public const string SectionName = "Mqtt";

    /// <summary>The broker's host name or IP address. Default null: MQTT is off.</summary>
    public string? Host { get; set; }

    /// <summary>The broker's TCP port. Default null: 1883, or 8883 with <see cref="Tls"/>.</summary>
    public int? Port { get; set; }

    /// <summary>User name for the broker. Default null (anonymous).</summary>
    public string? Username { get; set; }

    /// <summary>The password itself; prefer <see cref="PasswordFile"/>. Never logged. Default null.</summary>
    public string? Password { get; set; }

    /// <summary>A file holding the password alone (chmod 600). Default null.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Connect over TLS. Default false.</summary>
    public bool Tls { get; set; }

    /// <summary>PEM file of the CA that signed the broker's certificate (TLS only). Default null: the system's trusted CAs.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate for brokers that ask for one (TLS only). Default null.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/> (chmod 600). Default null.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>The MQTT client id. Default null: <c>atmo-edge-&lt;host name&gt;</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The first levels of every topic this gateway publishes. Default null: <c>atmo-edge/&lt;host name&gt;</c>.</summary>
    public string? TopicPrefix { get; set; }

    /// <summary>Publish Home Assistant discovery messages. Default true.</summary>
    public bool Discovery { get; set; } = true;

    /// <summary>Home Assistant's discovery prefix. Default <c>homeassistant</c>.</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>How often device availability, battery, RSSI and the gateway's state are refreshed. Default 15 s.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(15);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort => Port ?? (Tls ? 8883 : 1883);

    /// <summary>The host name, lower case, only [a-z0-9_-]: the default gateway level of topics and client id.</summary>
    public static string HostName { get; } = TopicSafe(Environment.MachineName);

    public string EffectiveClientId => string.IsNullOrWhiteSpace(ClientId) ? $"atmo-edge-{HostName}" : ClientId;

    public string EffectiveTopicPrefix => string.IsNullOrWhiteSpace(TopicPrefix) ? $"atmo-edge/{HostName}" : TopicPrefix;

    /// <summary>
    /// The gateway's id in Home Assistant (node id, unique ids): its topic prefix made safe. Gateways on one broker
    /// must have different prefixes anyway, so they get different ids without another setting.
    /// </summary>
    public string GatewayId => TopicSafe(EffectiveTopicPrefix);

    /// <summary>Lower case, and every character outside [a-z0-9_-] as '_': safe in topics and in Home Assistant object ids.</summary>
    public static string TopicSafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                char c = char.ToLowerInvariant(source[i]);
                span[i] = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? c : '_';
            }
        });
    }
}
