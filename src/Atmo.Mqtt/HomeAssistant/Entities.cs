namespace Atmo.Mqtt.HomeAssistant;

/// <summary>
/// The entities announced to Home Assistant. Device classes, units and state classes are pairs Home Assistant
/// accepts (its sensor/const.py, DEVICE_CLASS_UNITS and DEVICE_CLASS_STATE_CLASSES); units are the API's, so values
/// are published as the API writes them. µg/m³ is written with the Greek mu (U+03BC), as Home Assistant spells it.
/// </summary>
public static class Entities
{
    public const string MicrogramsPerCubicMetre = "\u03bcg/m\u00b3";

    public static IReadOnlyList<EntityDefinition> Atmotube { get; } =
    [
        new("pm1", "PM1", "sensor", "pm1", MicrogramsPerCubicMetre, "measurement", EntityDefinition.Read("pm1")),
        new("pm25", "PM2.5", "sensor", "pm25", MicrogramsPerCubicMetre, "measurement", EntityDefinition.Read("pm25")),
        new("pm10", "PM10", "sensor", "pm10", MicrogramsPerCubicMetre, "measurement", EntityDefinition.Read("pm10")),
        new("voc", "VOC", "sensor", "volatile_organic_compounds_parts", "ppm", "measurement", EntityDefinition.Read("voc")),
        new("temperature", "Temperature", "sensor", "temperature", "\u00b0C", "measurement", EntityDefinition.Read("t")),
        new("humidity", "Humidity", "sensor", "humidity", "%", "measurement", EntityDefinition.Read("h")),
        new("pressure", "Pressure", "sensor", "atmospheric_pressure", "mbar", "measurement", EntityDefinition.Read("p")),
        new("battery", "Battery", "sensor", "battery", "%", "measurement", EntityDefinition.Read("battery"), FromDeviceTopic: true),
        new("rssi", "RSSI", "sensor", "signal_strength", "dBm", "measurement", EntityDefinition.Read("rssi"), Diagnostic: true, FromDeviceTopic: true),
        new("last_seen", "Last seen", "sensor", "timestamp", null, null, EntityDefinition.Read("last_seen"), Diagnostic: true, FromDeviceTopic: true),
    ];

    public static IReadOnlyList<EntityDefinition> Gateway { get; } =
    [
        new("problem", "Problem", "binary_sensor", "problem", null, null, "{{ 'OFF' if value_json.ready else 'ON' }}", Diagnostic: true),
        new("devices", "Devices tracked", "sensor", null, null, "measurement", EntityDefinition.Read("devices")),
        new("last_cloud_sync", "Last cloud sync", "sensor", "timestamp", null, null, EntityDefinition.Read("last_cloud_sync"), Diagnostic: true),
    ];
}
