using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Atmo.Core;
using Atmo.Gateway.Api;

namespace Atmo.Gateway.Data.Output;

/// <summary>
/// Writes the CSV response straight into a pipe: the header line, then one line per record.
/// The column list below is the one place that decides column order [I, weak evidence].
/// </summary>
public static class CsvDataWriter
{
    public const string ContentType = "text/csv; charset=utf-8";

    private sealed record Column(string Header, Func<MinuteRecord, GeoPosition?, double?> Value, int Decimals = WireNumber.AsStored);

    private static readonly Column[] ValueColumns =
    [
        new("VOC (ppm)", static (r, _) => r.Voc, ContractDecisions.VocDecimals),
        new("Temperature (C)", static (r, _) => r.T),
        new("Humidity (%)", static (r, _) => r.H),
        new("Pressure (mbar)", static (r, _) => r.P, ContractDecisions.PressureDecimals),
        new("PM1 (ug/m3)", static (r, _) => r.Pm1),
        new("PM2.5 (ug/m3)", static (r, _) => r.Pm25),
        new("PM10 (ug/m3)", static (r, _) => r.Pm10),
        new("Latitude", static (r, site) => ContractDecisions.PositionOf(r, site)?.Latitude),
        new("Longitude", static (r, site) => ContractDecisions.PositionOf(r, site)?.Longitude),
    ];

    private const string TimeHeader = "Date (GMT)";

    private const int MaxLineLength = WireTime.CsvLength + 9 * (1 + WireNumber.MaxLength) + 1;

    /// <summary>The header line (with its line end) for a separator.</summary>
    public static byte[] Header(byte separator)
    {
        var header = new StringBuilder(TimeHeader);
        foreach (Column column in ValueColumns)
            header.Append((char)separator).Append(column.Header);
        header.Append((char)ContractDecisions.CsvLineEnd);
        return Encoding.ASCII.GetBytes(header.ToString());
    }

    private static readonly byte[] SemicolonHeader = Header((byte)';');
    private static readonly byte[] CommaHeader = Header((byte)',');

    public static async ValueTask WriteAsync(
        PipeWriter output, IReadOnlyList<MinuteRecord> items, byte separator, GeoPosition? site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(items);
        output.Write(separator switch
        {
            (byte)';' => SemicolonHeader,
            (byte)',' => CommaHeader,
            _ => Header(separator),
        });
        long unflushed = 0;
        foreach (MinuteRecord record in items)
        {
            unflushed += WriteLine(output, record, separator, site);
            if (unflushed >= JsonDataWriter.FlushThreshold)
            {
                unflushed = 0;
                FlushResult result = await output.FlushAsync(cancellationToken);
                if (result.IsCompleted || result.IsCanceled)
                    return; // the client went away
            }
        }

        await output.FlushAsync(cancellationToken);
    }

    private static int WriteLine(PipeWriter output, MinuteRecord record, byte separator, GeoPosition? site)
    {
        Span<byte> line = output.GetSpan(MaxLineLength);
        int length = WireTime.WriteCsv(record.Time, line);
        foreach (Column column in ValueColumns)
        {
            line[length++] = separator;
            double? value = column.Value(record, site);
            if (ContractDecisions.IsWritable(value))
                length += WireNumber.Write(value!.Value, column.Decimals, line[length..]);
        }

        line[length++] = ContractDecisions.CsvLineEnd;
        output.Advance(length);
        return length;
    }
}
