using System.Globalization;
using System.Text.Json;
using Atmo.Mqtt.Facts;

namespace Atmo.Mqtt;

/// <summary>The retained JSON of the gateway topic and of each device topic (docs/mqtt.md, "Payloads").</summary>
public static class StatusMessages
{
    public static byte[] Gateway(GatewayFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return JsonPayload.Object(json =>
        {
            json.WriteBoolean("ready", facts.Ready);
            json.WriteNumber("devices", facts.DevicesTracked);
            WriteTime(json, "last_cloud_sync", facts.LastCloudSync);
        });
    }

    public static byte[] Device(AtmotubeFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return JsonPayload.Object(json =>
        {
            json.WriteString("mac", facts.Mac.ToString());
            json.WriteString("name", facts.Name);
            if (facts.Firmware is { } firmware) json.WriteString("firmware", firmware);
            json.WriteBoolean("present", facts.Present);
            if (facts.BatteryPercent is { } battery) json.WriteNumber("battery", battery);
            if (facts.Rssi is { } rssi) json.WriteNumber("rssi", rssi);
            WriteTime(json, "last_seen", facts.LastSeen);
        });
    }

    /// <summary>Times as the API writes them: UTC, milliseconds, <c>Z</c>.</summary>
    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
            json.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
    }
}
