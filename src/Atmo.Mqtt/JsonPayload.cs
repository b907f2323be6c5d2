using System.Text.Json;

namespace Atmo.Mqtt;

/// <summary>A small JSON object as UTF-8 bytes, for the retained topics.</summary>
internal static class JsonPayload
{
    public static byte[] Object(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
