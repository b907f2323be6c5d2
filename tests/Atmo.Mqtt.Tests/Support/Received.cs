using System.Text;

namespace Atmo.Mqtt.Tests.Support;

public sealed record Received(string Topic, byte[] Payload, bool Retain)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}
