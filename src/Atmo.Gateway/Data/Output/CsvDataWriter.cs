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

    private delegate double? ValueOf(in StoredMinute minute, GeoPosition? site);

    /// <param name="DeviceDecimals">Decimals for minutes measured by the device (<see cref="ContractDecisions.DecimalsOf"/>).</param>
    private sealed record Column(string Header, ValueOf Value, int DeviceDecimals = WireNumber.AsStored);

    private static readonly Column[] ValueColumns =
    [
        new("VOC (ppm)", static (in StoredMinute m, GeoPosition? _) => m.Voc, ContractDecisions.VocDecimals),
        new("Temperature (C)", static (in StoredMinute m, GeoPosition? _) => m.T),
        new("Humidity (%)", static (in StoredMinute m, GeoPosition? _) => m.H),
        new("Pressure (mbar)", static (in StoredMinute m, GeoPosition? _) => m.P, ContractDecisions.PressureDecimals),
        new("PM1 (ug/m3)", static (in StoredMinute m, GeoPosition? _) => m.Pm1),
        new("PM2.5 (ug/m3)", static (in StoredMinute m, GeoPosition? _) => m.Pm25),
        new("PM10 (ug/m3)", static (in StoredMinute m, GeoPosition? _) => m.Pm10),
        new("Latitude", static (in StoredMinute m, GeoPosition? site) => ContractDecisions.PositionOf(m, site)?.Latitude),
        new("Longitude", static (in StoredMinute m, GeoPosition? site) => ContractDecisions.PositionOf(m, site)?.Longitude),
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

    /// <summary>Writes the header, then <paramref name="items"/> as they are produced (hour by hour from the store), flushing as it goes.</summary>
    public static async ValueTask WriteAsync(
        PipeWriter output, IEnumerable<StoredMinute> items, byte separator, GeoPosition? site, CancellationToken cancellationToken)
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
        foreach (StoredMinute minute in items)
        {
            unflushed += WriteLine(output, minute, separator, site);
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

    private static int WriteLine(PipeWriter output, in StoredMinute minute, byte separator, GeoPosition? site)
    {
        Span<byte> line = output.GetSpan(MaxLineLength);
        int length = WireTime.WriteCsv(minute.Time, line);
        foreach (Column column in ValueColumns)
        {
            line[length++] = separator;
            double? value = column.Value(minute, site);
            if (ContractDecisions.IsWritable(value))
                length += WireNumber.Write(value!.Value, ContractDecisions.DecimalsOf(minute.Source, column.DeviceDecimals), line[length..]);
        }

        line[length++] = ContractDecisions.CsvLineEnd;
        output.Advance(length);
        return length;
    }
}
