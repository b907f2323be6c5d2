using Atmo.Core;
using Atmo.Gateway.Data;
using Atmo.Gateway.Data.Output;
using Atmo.Mqtt.Facts;

namespace Atmo.Gateway.Mqtt;

/// <summary>A minute for MQTT: <c>{"mac":"AA:BB:…",</c> then the API's item with its <c>source</c> (<see cref="JsonDataWriter.FormatItem"/>).</summary>
internal sealed class ApiMinutePayloadWriter(IDeviceSites sites) : IMinutePayloadWriter
{
    private static readonly byte[] MacName = "{\"mac\":\""u8.ToArray();

    // {"mac":"AA:BB:CC:DD:EE:FF", is 27 bytes.
    public int MaxLength => JsonDataWriter.MaxItemLength + 32;

    public int Write(MacAddress device, in StoredMinute minute, Span<byte> destination)
    {
        MacName.CopyTo(destination);
        int length = MacName.Length;
        length += System.Text.Encoding.ASCII.GetBytes(device.ToString(), destination[length..]);
        destination[length++] = (byte)'"';
        int item = JsonDataWriter.FormatItem(minute, sites.Find(device), includeSource: true, destination[length..]);
        destination[length] = (byte)','; // the item's '{' becomes the comma after the mac
        return length + item;
    }
}
