namespace Atmo.Mqtt.HomeAssistant;

/// <summary>One Home Assistant entity of a device: what its discovery config says.</summary>
/// <param name="Key">Last part of its ids and the JSON key it reads.</param>
/// <param name="Component"><c>sensor</c> or <c>binary_sensor</c>.</param>
/// <param name="ValueTemplate">Jinja template over the state topic's JSON.</param>
/// <param name="FromDeviceTopic">Reads the device topic (battery, RSSI, last seen) rather than the newest minute.</param>
public sealed record EntityDefinition(
    string Key, string Name, string Component, string? DeviceClass, string? Unit, string? StateClass,
    string ValueTemplate, bool Diagnostic = false, bool FromDeviceTopic = false)
{
    /// <summary>A number or timestamp read from key <paramref name="key"/>; a key left out (unmeasured) is "unknown".</summary>
    public static string Read(string key) => $"{{{{ value_json.{key} | default('None') }}}}";
}
