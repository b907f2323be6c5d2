using System.IO.Pipelines;
using System.Text.Json;
using Atmo.Core;
using Atmo.Gateway.Api;

namespace Atmo.Gateway.Data.Output;

/// <summary>
/// Writes the JSON response <c>{"status":0,"data":{"total":N,"items":[...]}}</c> straight into a
/// pipe (the response body), flushing every <see cref="FlushThreshold"/> bytes.
/// Item keys in the contract's order; unmeasured values left out.
/// </summary>
public static class JsonDataWriter
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>Bytes written between flushes to the client.</summary>
    public const int FlushThreshold = 64 * 1024;

    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
    private static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText Voc = JsonEncodedText.Encode("voc");
    private static readonly JsonEncodedText Pm1 = JsonEncodedText.Encode("pm1");
    private static readonly JsonEncodedText Pm25 = JsonEncodedText.Encode("pm25");
    private static readonly JsonEncodedText Pm10 = JsonEncodedText.Encode("pm10");
    private static readonly JsonEncodedText T = JsonEncodedText.Encode("t");
    private static readonly JsonEncodedText H = JsonEncodedText.Encode("h");
    private static readonly JsonEncodedText P = JsonEncodedText.Encode("p");
    private static readonly JsonEncodedText Coords = JsonEncodedText.Encode("coords");
    private static readonly JsonEncodedText Lat = JsonEncodedText.Encode("lat");
    private static readonly JsonEncodedText Lon = JsonEncodedText.Encode("lon");

    public static async ValueTask WriteAsync(PipeWriter output, MinutePage page, GeoPosition? site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(page);
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber(Status, 0);
        json.WriteStartObject(Data);
        json.WriteNumber(Total, page.Total);
        json.WriteStartArray(Items);
        long flushedUpTo = 0;
        foreach (MinuteRecord record in page.Items)
        {
            WriteItem(json, record, site);
            long written = json.BytesCommitted + json.BytesPending;
            if (written - flushedUpTo >= FlushThreshold)
            {
                json.Flush();
                flushedUpTo = written;
                FlushResult result = await output.FlushAsync(cancellationToken);
                if (result.IsCompleted || result.IsCanceled)
                    return; // the client went away
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        await output.FlushAsync(cancellationToken);
    }

    private static void WriteItem(Utf8JsonWriter json, MinuteRecord record, GeoPosition? site)
    {
        Span<byte> buffer = stackalloc byte[WireNumber.MaxLength];
        json.WriteStartObject();
        json.WritePropertyName(Time);
        json.WriteRawValue(buffer[..WireTime.WriteJsonString(record.Time, buffer)], skipInputValidation: true);
        WriteValue(json, Voc, record.Voc, ContractDecisions.VocDecimals, buffer);
        WriteValue(json, Pm1, record.Pm1, WireNumber.AsStored, buffer);
        WriteValue(json, Pm25, record.Pm25, WireNumber.AsStored, buffer);
        WriteValue(json, Pm10, record.Pm10, WireNumber.AsStored, buffer);
        WriteValue(json, T, record.T, WireNumber.AsStored, buffer);
        WriteValue(json, H, record.H, WireNumber.AsStored, buffer);
        WriteValue(json, P, record.P, ContractDecisions.PressureDecimals, buffer);
        if (ContractDecisions.PositionOf(record, site) is { } position)
        {
            json.WriteStartObject(Coords);
            WriteValue(json, Lat, position.Latitude, WireNumber.AsStored, buffer);
            WriteValue(json, Lon, position.Longitude, WireNumber.AsStored, buffer);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, JsonEncodedText name, double? value, int decimals, Span<byte> buffer)
    {
        if (!ContractDecisions.IsWritable(value))
            return;
        json.WritePropertyName(name);
        json.WriteRawValue(buffer[..WireNumber.Write(value!.Value, decimals, buffer)], skipInputValidation: true);
    }
}
