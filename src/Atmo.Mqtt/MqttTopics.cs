using Atmo.Core;

namespace Atmo.Mqtt;

/// <summary>
/// Every topic of one gateway (docs/mqtt.md, "Topics"). Under the gateway's prefix: what only this gateway
/// publishes. Home Assistant's config topics carry the gateway's id as node id, so two gateways never
/// overwrite each other's entities; the Atmotube's MAC names the device in both.
/// </summary>
public sealed class MqttTopics(string prefix, string discoveryPrefix, string gatewayId)
{
    public string Prefix { get; } = prefix;

    /// <summary>Home Assistant's node id of this gateway (<see cref="MqttOptions.GatewayId"/>).</summary>
    public string GatewayId { get; } = gatewayId;

    /// <summary>The last level of the prefix (the host name by default), for people.</summary>
    public string GatewayName => Prefix[(Prefix.LastIndexOf('/') + 1)..];

    /// <summary><c>online</c> / <c>offline</c>, retained; <c>offline</c> is also the last will.</summary>
    public string GatewayAvailability => $"{Prefix}/status";

    /// <summary>The gateway's own state (readiness, devices tracked, last cloud sync), retained.</summary>
    public string GatewayState => $"{Prefix}/gateway";

    /// <summary>The MACs (compact) this gateway announced to Home Assistant, retained: what it must remove when one is forgotten.</summary>
    public string Announced => $"{Prefix}/announced";

    /// <summary>Replay requests (docs/mqtt.md, "Replay"); not retained.</summary>
    public string ReplayRequest => $"{Prefix}/replay";

    /// <summary>One answer per replay request; not retained.</summary>
    public string ReplayDone => $"{Prefix}/replay/done";

    /// <summary>The level that names a device: its MAC as 12 upper-case hex digits.</summary>
    public static string DeviceLevel(MacAddress device) => device.ToCompactString();

    public string DeviceAvailability(MacAddress device) => $"{Prefix}/{DeviceLevel(device)}/availability";

    /// <summary>The newest minute, retained.</summary>
    public string DeviceState(MacAddress device) => $"{Prefix}/{DeviceLevel(device)}/state";

    /// <summary>Battery, RSSI, last seen, firmware: what the radio tells between minutes, retained.</summary>
    public string DeviceStatus(MacAddress device) => $"{Prefix}/{DeviceLevel(device)}/device";

    /// <summary>Every stored minute, QoS 1, not retained.</summary>
    public string Minutes(MacAddress device) => $"{Prefix}/{DeviceLevel(device)}/minutes";

    public string DiscoveryConfig(string component, string objectId) => $"{discoveryPrefix}/{component}/{GatewayId}/{objectId}/config";
}
