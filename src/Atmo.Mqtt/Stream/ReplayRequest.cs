using System.Globalization;
using System.Text.Json;
using Atmo.Core;

namespace Atmo.Mqtt.Stream;

/// <summary>
/// A request on <c>&lt;prefix&gt;/replay</c>: <c>{"from":"2026-12-01T00:00:00Z","to":"2026-12-02T00:00:00Z","mac":"AA:BB:CC:DD:EE:FF","id":"x"}</c>.
/// <c>from</c> inclusive, <c>to</c> exclusive, both UTC; <c>mac</c> optional (every device); <c>id</c> optional, echoed in the answer.
/// </summary>
public sealed record ReplayRequest(DateTime From, DateTime To, MacAddress? Device, string? Id)
{
    /// <summary>Longest id echoed back.</summary>
    public const int MaxIdLength = 100;

    /// <summary>The request, or the reason it is not one (for the answer on <c>&lt;prefix&gt;/replay/done</c>).</summary>
    public static ReplayRequest? Parse(ReadOnlySpan<byte> payload, out string? error, out string? id)
    {
        id = null;
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Fail("the request is not a JSON object", out error);
            if (root.TryGetProperty("id", out JsonElement idElement) && idElement.ValueKind == JsonValueKind.String)
                id = idElement.GetString() is { Length: <= MaxIdLength } text ? text : null;
            if (!TryTime(root, "from", out DateTime from) || !TryTime(root, "to", out DateTime to))
                return Fail("give \"from\" and \"to\" as UTC times, e.g. \"2026-12-01T00:00:00Z\"", out error);
            if (from >= to)
                return Fail("\"from\" must be earlier than \"to\"", out error);
            MacAddress? device = null;
            if (root.TryGetProperty("mac", out JsonElement macElement))
            {
                if (!MacAddress.TryParse(macElement.ValueKind == JsonValueKind.String ? macElement.GetString() : null, out MacAddress mac))
                    return Fail("\"mac\" is not a Bluetooth address (AA:BB:CC:DD:EE:FF)", out error);
                device = mac;
            }

            error = null;
            return new ReplayRequest(from, to, device, id);
        }
        catch (JsonException)
        {
            return Fail("the request is not JSON", out error);
        }
    }

    private static ReplayRequest? Fail(string reason, out string? error)
    {
        error = reason;
        return null;
    }

    private static bool TryTime(JsonElement root, string name, out DateTime time)
    {
        time = default;
        return root.TryGetProperty(name, out JsonElement element) && element.ValueKind == JsonValueKind.String &&
               DateTime.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);
    }
}
