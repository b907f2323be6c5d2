using System.Globalization;
using System.Text.Json;
using Atmo.Core;

namespace Atmo.Sync.Api;

/// <summary>
/// Parses the JSON envelope of <c>GET /api/v1/data</c> (<c>{status, data: {total, items}}</c>, or a bare
/// items array as people sometimes save it) into cloud records. Used by the HTTP client and the
/// importer alike. Tolerant of missing keys, nulls, extra keys and numbers written as strings;
/// a structural problem (not JSON, truncated, unexpected envelope, a value of the wrong type)
/// throws <see cref="CloudFormatException"/> naming the record; an implausible value only rejects
/// its record (see <see cref="CloudRecordRules"/>).
/// </summary>
public static class CloudJsonParser
{
    private static readonly string[] ValueKeys = ["voc", "pm1", "pm25", "pm10", "t", "h", "p"];

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static CloudPage Parse(ReadOnlyMemory<byte> body, MacAddress device, IProgress<int>? itemsRead = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
        using (document)
            return Parse(document.RootElement, device, itemsRead);
    }

    public static async Task<CloudPage> ParseAsync(Stream body, MacAddress device, IProgress<int>? itemsRead, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, DocumentOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
        using (document)
            return Parse(document.RootElement, device, itemsRead);
    }

    private static CloudFormatException NotJson(JsonException e) =>
        new($"not valid JSON (truncated or not JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", null, e);

    private static CloudPage Parse(JsonElement root, MacAddress device, IProgress<int>? itemsRead)
    {
        (JsonElement items, int? total) = ReadEnvelope(root);
        var records = new List<MinuteRecord>(items.GetArrayLength());
        var rejected = new List<RejectedRecord>();
        var seen = new HashSet<DateTime>();
        int duplicates = 0;
        int index = 0;
        Span<double?> values = stackalloc double?[9];
        foreach (JsonElement item in items.EnumerateArray())
        {
            DateTime minute = ReadItem(item, index, values);
            MinuteRecord? record = CloudRecordRules.Build(device, minute, values, out string? rejection);
            if (record is null)
                rejected.Add(new RejectedRecord(Location(index), rejection!));
            else if (seen.Add(record.Time))
                records.Add(record);
            else
                duplicates++;
            index++;
            if (itemsRead is not null && index % 1000 == 0)
                itemsRead.Report(index);
        }
        return new CloudPage(total, index, records, rejected, duplicates);
    }

    private static (JsonElement Items, int? Total) ReadEnvelope(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
            return (root, null);
        if (root.ValueKind != JsonValueKind.Object)
            throw new CloudFormatException($"unexpected envelope: the body is a JSON {Describe(root.ValueKind)}, expected an object {{status, data: {{total, items}}}}");

        if (root.TryGetProperty("status", out JsonElement status) && status.ValueKind != JsonValueKind.Null)
        {
            bool ok = status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out int code) && code == 0 ||
                      status.ValueKind == JsonValueKind.String && status.GetString() == "0";
            if (!ok)
            {
                string message = root.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String
                    ? ApiKeyRedactor.RedactParameter(m.GetString()!) : "(no message)";
                throw new CloudFormatException($"the service answered status {status.GetRawText()}: {message}");
            }
        }

        if (!root.TryGetProperty("data", out JsonElement data) || data.ValueKind != JsonValueKind.Object)
            throw new CloudFormatException("unexpected envelope: no \"data\" object (expected {status, data: {total, items}})");
        if (!data.TryGetProperty("items", out JsonElement items) || items.ValueKind != JsonValueKind.Array)
            throw new CloudFormatException("unexpected envelope: \"data.items\" is missing or not an array");

        int? total = null;
        if (data.TryGetProperty("total", out JsonElement t))
        {
            if (t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out int n) && n >= 0)
                total = n;
            else if (t.ValueKind == JsonValueKind.String && int.TryParse(t.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
                total = n;
        }
        return (items, total);
    }

    private static string Location(int index) => string.Create(CultureInfo.InvariantCulture, $"record {index}");

    private static DateTime ReadItem(JsonElement item, int index, Span<double?> values)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw new CloudFormatException($"is a JSON {Describe(item.ValueKind)}, expected an object", Location(index));

        if (!item.TryGetProperty("time", out JsonElement time) || time.ValueKind == JsonValueKind.Null)
            throw new CloudFormatException("has no \"time\"", Location(index));
        if (time.ValueKind != JsonValueKind.String)
            throw new CloudFormatException($"\"time\" is a JSON {Describe(time.ValueKind)}, expected a UTC time string", Location(index));
        DateTime minute;
        // The contract's "…Z" form without allocating; anything else (no offset means UTC) through the string.
        if (time.TryGetDateTime(out DateTime iso) && iso.Kind == DateTimeKind.Utc)
            minute = MinuteTime.Floor(iso);
        else if (!CloudRecordRules.TryParseTime(time.GetString(), out minute))
            throw new CloudFormatException("\"time\" is not a date and time (expected yyyy-MM-ddTHH:mm:ss.fffZ)", Location(index));

        for (int i = 0; i < ValueKeys.Length; i++)
            values[i] = ReadNumber(item, ValueKeys[i], index);
        values[7] = values[8] = null;
        if (item.TryGetProperty("coords", out JsonElement coords) && coords.ValueKind != JsonValueKind.Null)
        {
            if (coords.ValueKind != JsonValueKind.Object)
                throw new CloudFormatException($"\"coords\" is a JSON {Describe(coords.ValueKind)}, expected {{lat, lon}}", Location(index));
            values[7] = ReadNumber(coords, "lat", index);
            values[8] = ReadNumber(coords, "lon", index);
        }
        return minute;
    }

    private static double? ReadNumber(JsonElement parent, string key, int index)
    {
        if (!parent.TryGetProperty(key, out JsonElement value))
            return null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number:
                return value.GetDouble();
            case JsonValueKind.String:
                if (CloudRecordRules.TryParseNumber(value.GetString(), out double? parsed))
                    return parsed;
                throw new CloudFormatException($"\"{key}\" is a string that is not a number", Location(index));
            default:
                throw new CloudFormatException($"\"{key}\" is a JSON {Describe(value.ValueKind)}, expected a number", Location(index));
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };
}
