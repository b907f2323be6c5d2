using Atmo.Core;
using Atmo.Mqtt.Facts;
using MQTTnet;

namespace Atmo.Mqtt.Stream;

/// <summary>The messages that carry a minute: on the minute stream, and as a device's retained state.</summary>
public sealed class MinuteMessages(MqttTopics topics, IMinutePayloadWriter payloads)
{
    public MqttApplicationMessage Minute(MacAddress device, in StoredMinute minute) =>
        MqttConnection.Message(topics.Minutes(device), Payload(device, minute), retain: false);

    public MqttApplicationMessage State(MacAddress device, in StoredMinute minute) =>
        MqttConnection.Message(topics.DeviceState(device), Payload(device, minute), retain: true);

    private byte[] Payload(MacAddress device, in StoredMinute minute)
    {
        Span<byte> buffer = stackalloc byte[payloads.MaxLength];
        int length = payloads.Write(device, minute, buffer);
        return buffer[..length].ToArray();
    }
}
