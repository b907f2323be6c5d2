using System.Text.Json;
using Atmo.Core;
using Atmo.Mqtt.Facts;

namespace Atmo.Mqtt.HomeAssistant;

/// <summary>
/// Home Assistant MQTT discovery configs (retained). An Atmotube is one device whatever the gateway that hears it
/// (identifier from its MAC); its entities' unique ids and config topics carry the gateway's name, so two gateways
/// hearing one Atmotube add their own entities to that one device and never overwrite each other's configs.
/// </summary>
public sealed class DiscoveryMessages(MqttTopics topics, string softwareVersion)
{
    public const string Manufacturer = "Atmotube";

    public const string Model = "Atmotube PRO";

    /// <summary>Home Assistant's identifier of an Atmotube, the same from every gateway.</summary>
    public static string DeviceIdentifier(MacAddress device) => $"atmotube_{device.ToCompactString().ToLowerInvariant()}";

    public string GatewayIdentifier => $"atmo_edge_{topics.GatewayId}";

    public string UniqueId(MacAddress device, EntityDefinition entity) =>
        $"atmo_edge_{topics.GatewayId}_{device.ToCompactString().ToLowerInvariant()}_{entity.Key}";

    public string GatewayUniqueId(EntityDefinition entity) => $"{GatewayIdentifier}_{entity.Key}";

    public string ConfigTopic(MacAddress device, EntityDefinition entity) =>
        topics.DiscoveryConfig(entity.Component, $"{device.ToCompactString().ToLowerInvariant()}_{entity.Key}");

    public string GatewayConfigTopic(EntityDefinition entity) => topics.DiscoveryConfig(entity.Component, $"gateway_{entity.Key}");

    public byte[] AtmotubeConfig(AtmotubeFacts device, EntityDefinition entity) => JsonPayload.Object(json =>
    {
        WriteEntity(json, entity, UniqueId(device.Mac, entity),
            entity.FromDeviceTopic ? topics.DeviceStatus(device.Mac) : topics.DeviceState(device.Mac));
        json.WriteStartArray("availability");
        WriteAvailability(json, topics.GatewayAvailability);
        WriteAvailability(json, topics.DeviceAvailability(device.Mac));
        json.WriteEndArray();
        json.WriteString("availability_mode", "all");
        json.WriteStartObject("device");
        json.WriteStartArray("identifiers");
        json.WriteStringValue(DeviceIdentifier(device.Mac));
        json.WriteEndArray();
        json.WriteString("name", device.Name);
        json.WriteString("manufacturer", Manufacturer);
        json.WriteString("model", Model);
        if (device.Firmware is { } firmware)
            json.WriteString("sw_version", firmware);
        json.WriteString("via_device", GatewayIdentifier);
        json.WriteEndObject();
        WriteOrigin(json);
    });

    public byte[] GatewayConfig(EntityDefinition entity) => JsonPayload.Object(json =>
    {
        WriteEntity(json, entity, GatewayUniqueId(entity), topics.GatewayState);
        json.WriteString("availability_topic", topics.GatewayAvailability);
        json.WriteStartObject("device");
        json.WriteStartArray("identifiers");
        json.WriteStringValue(GatewayIdentifier);
        json.WriteEndArray();
        json.WriteString("name", $"Atmo Edge {topics.GatewayName}");
        json.WriteString("manufacturer", "Atmo Edge");
        json.WriteString("model", "Atmo Edge gateway");
        json.WriteString("sw_version", softwareVersion);
        json.WriteEndObject();
        WriteOrigin(json);
    });

    private static void WriteEntity(Utf8JsonWriter json, EntityDefinition entity, string uniqueId, string stateTopic)
    {
        json.WriteString("name", entity.Name);
        json.WriteString("unique_id", uniqueId);
        json.WriteString("state_topic", stateTopic);
        json.WriteString("value_template", entity.ValueTemplate);
        if (entity.DeviceClass is { } deviceClass)
            json.WriteString("device_class", deviceClass);
        if (entity.Unit is { } unit)
            json.WriteString("unit_of_measurement", unit);
        if (entity.StateClass is { } stateClass)
            json.WriteString("state_class", stateClass);
        if (entity.Diagnostic)
            json.WriteString("entity_category", "diagnostic");
    }

    private static void WriteAvailability(Utf8JsonWriter json, string topic)
    {
        json.WriteStartObject();
        json.WriteString("topic", topic);
        json.WriteEndObject();
    }

    private void WriteOrigin(Utf8JsonWriter json)
    {
        json.WriteStartObject("origin");
        json.WriteString("name", "Atmo Edge");
        json.WriteString("sw_version", softwareVersion);
        json.WriteEndObject();
    }
}
