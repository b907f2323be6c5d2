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

    // Property names with their quotes, colon and, past the first, the leading comma.
    private static readonly byte[] TimeName = "{\"time\":"u8.ToArray();
    private static readonly byte[] VocName = ",\"voc\":"u8.ToArray();
    private static readonly byte[] Pm1Name = ",\"pm1\":"u8.ToArray();
    private static readonly byte[] Pm25Name = ",\"pm25\":"u8.ToArray();
    private static readonly byte[] Pm10Name = ",\"pm10\":"u8.ToArray();
    private static readonly byte[] TName = ",\"t\":"u8.ToArray();
    private static readonly byte[] HName = ",\"h\":"u8.ToArray();
    private static readonly byte[] PName = ",\"p\":"u8.ToArray();
    private static readonly byte[] CoordsLatName = ",\"coords\":{\"lat\":"u8.ToArray();
    private static readonly byte[] LonName = ",\"lon\":"u8.ToArray();
    private static readonly byte[] SourceName = ",\"source\":\""u8.ToArray();

    /// <summary>Longest item: the time, seven values, coords, source, punctuation.</summary>
    public const int MaxItemLength = 512;

    /// <summary>Writes <paramref name="answer"/>'s minutes as they are produced (hour by hour from the store), flushing as it goes.</summary>
    /// <param name="includeSource">Append each record's <c>source</c> (live, history, cloud) after its values: <c>include=source</c>.</param>
    public static async ValueTask WriteAsync(
        PipeWriter output, MinuteStream answer, GeoPosition? site, CancellationToken cancellationToken, bool includeSource = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(answer);
        // The structure is fixed and covered by tests; validation would only cost time per token.
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        json.WriteNumber(Status, 0);
        json.WriteStartObject(Data);
        json.WriteNumber(Total, answer.Total);
        json.WriteStartArray(Items);
        long flushedUpTo = 0;
        foreach (StoredMinute minute in answer.Items)
        {
            WriteItem(json, minute, site, includeSource);
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

    /// <summary>
    /// One item, formatted by hand into a stack buffer and handed to the writer as one raw value
    /// (the writer keeps the array's commas): one call per record instead of one per token.
    /// </summary>
    private static void WriteItem(Utf8JsonWriter json, in StoredMinute minute, GeoPosition? site, bool includeSource)
    {
        Span<byte> item = stackalloc byte[MaxItemLength];
        int length = FormatItem(minute, site, includeSource, item);
        json.WriteRawValue(item[..length], skipInputValidation: true);
    }

    /// <summary>
    /// One item as the API writes it, <c>{"time":…,"voc":…,…}</c>: keys in the contract's order, unmeasured values
    /// left out. The one source of the item's format, for this response and the MQTT minute stream alike.
    /// </summary>
    /// <param name="item">At least <see cref="MaxItemLength"/> bytes.</param>
    /// <returns>The bytes written.</returns>
    public static int FormatItem(in StoredMinute minute, GeoPosition? site, bool includeSource, Span<byte> item)
    {
        int length = Append(item, 0, TimeName);
        length += WireTime.WriteJsonString(minute.Time, item[length..]);
        length = AppendValue(item, length, VocName, minute.Voc, ContractDecisions.DecimalsOf(minute.Source, ContractDecisions.VocDecimals));
        length = AppendValue(item, length, Pm1Name, minute.Pm1, WireNumber.AsStored);
        length = AppendValue(item, length, Pm25Name, minute.Pm25, WireNumber.AsStored);
        length = AppendValue(item, length, Pm10Name, minute.Pm10, WireNumber.AsStored);
        length = AppendValue(item, length, TName, minute.T, WireNumber.AsStored);
        length = AppendValue(item, length, HName, minute.H, WireNumber.AsStored);
        length = AppendValue(item, length, PName, minute.P, ContractDecisions.DecimalsOf(minute.Source, ContractDecisions.PressureDecimals));
        if (ContractDecisions.PositionOf(minute, site) is { } position)
        {
            length = AppendValue(item, length, CoordsLatName, position.Latitude, WireNumber.AsStored);
            length = AppendValue(item, length, LonName, position.Longitude, WireNumber.AsStored);
            item[length++] = (byte)'}';
        }

        if (includeSource)
        {
            length = Append(item, length, SourceName);
            length += System.Text.Encoding.ASCII.GetBytes(minute.Source.ToWireName(), item[length..]);
            item[length++] = (byte)'"';
        }

        item[length++] = (byte)'}';
        return length;
    }

    private static int Append(Span<byte> destination, int length, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[length..]);
        return length + bytes.Length;
    }

    private static int AppendValue(Span<byte> destination, int length, ReadOnlySpan<byte> name, double? value, int decimals)
    {
        if (!ContractDecisions.IsWritable(value))
            return length;
        length = Append(destination, length, name);
        return length + WireNumber.Write(value!.Value, decimals, destination[length..]);
    }
}
