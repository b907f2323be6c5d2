using System.Globalization;
using Atmo.Core;
using Atmo.Sync.Api;

namespace Atmo.Sync.Import;

/// <summary>
/// Parses the cloud's CSV (<c>Date (GMT);VOC (ppm);Temperature (C);…</c>). The separator, <c>;</c> or
/// <c>,</c>, is taken from the header row; columns are found by their header names (any order,
/// unknown ones ignored), so a file saved with either separator or a reordered export loads.
/// A structural problem throws <see cref="CloudFormatException"/> naming the 1-based line; an
/// implausible value only rejects its row. Values go through <see cref="CloudRecordRules"/>,
/// like the JSON parser's.
/// </summary>
public static class CloudCsvParser
{
    private const int TimeColumn = -1;

    public static CloudPage Parse(TextReader reader, MacAddress device, IProgress<int>? rowsRead = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int lineNumber = 0;
        string? header;
        do
        {
            header = reader.ReadLine();
            lineNumber++;
        }
        while (header is not null && string.IsNullOrWhiteSpace(header));
        if (header is null)
            throw new CloudFormatException("the file is empty; expected a header row starting with 'Date (GMT)'", "line 1");

        char separator = header.Contains(';', StringComparison.Ordinal) ? ';'
            : header.Contains(',', StringComparison.Ordinal) ? ','
            : throw new CloudFormatException("the header has neither ';' nor ',' between columns", Line(lineNumber));
        int[] columns = MapColumns(header.Split(separator), Line(lineNumber));

        var records = new List<MinuteRecord>();
        var rejected = new List<RejectedRecord>();
        var seen = new HashSet<DateTime>();
        int duplicates = 0, rows = 0;
        var values = new double?[9];
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            string location = Line(lineNumber);
            string[] fields = line.Split(separator);
            if (fields.Length != columns.Length)
                throw new CloudFormatException($"{fields.Length} fields, but the header has {columns.Length} (separator '{separator}')", location);

            DateTime? minute = null;
            Array.Clear(values);
            for (int i = 0; i < fields.Length; i++)
            {
                string field = Unquote(fields[i]);
                int column = columns[i];
                if (column == TimeColumn)
                {
                    if (!CloudRecordRules.TryParseTime(field, out DateTime parsed))
                        throw new CloudFormatException($"'{Shorten(field)}' is not a date and time (expected yyyy/MM/dd HH:mm, UTC)", location);
                    minute = parsed;
                }
                else if (column >= 0)
                {
                    if (!CloudRecordRules.TryParseNumber(field, out double? value))
                        throw new CloudFormatException($"column {i + 1} '{Shorten(field)}' is not a number (use '.' as decimal point)", location);
                    values[column] = value;
                }
            }
            if (minute is null)
                throw new CloudFormatException("the date is empty", location);

            rows++;
            MinuteRecord? record = CloudRecordRules.Build(device, minute.Value, values, out string? rejection);
            if (record is null)
                rejected.Add(new RejectedRecord(location, rejection!));
            else if (seen.Add(record.Time))
                records.Add(record);
            else
                duplicates++;
            if (rowsRead is not null && rows % 1000 == 0)
                rowsRead.Report(rows);
        }
        return new CloudPage(null, rows, records, rejected, duplicates);
    }

    /// <summary>Column index → value slot (0…8 in contract order), <see cref="TimeColumn"/>, or -2 (ignored).</summary>
    private static int[] MapColumns(string[] names, string location)
    {
        var map = new int[names.Length];
        var used = new HashSet<int>();
        for (int i = 0; i < names.Length; i++)
        {
            string name = Unquote(names[i]).Trim().ToLowerInvariant();
            int slot =
                name.StartsWith("date", StringComparison.Ordinal) || name.StartsWith("time", StringComparison.Ordinal) ? TimeColumn :
                name.StartsWith("voc", StringComparison.Ordinal) ? 0 :
                name.StartsWith("pm10", StringComparison.Ordinal) ? 3 :
                name.StartsWith("pm1", StringComparison.Ordinal) ? 1 :
                name.StartsWith("pm2.5", StringComparison.Ordinal) || name.StartsWith("pm25", StringComparison.Ordinal) ? 2 :
                name.StartsWith("temp", StringComparison.Ordinal) || name is "t" ? 4 :
                name.StartsWith("hum", StringComparison.Ordinal) || name is "h" ? 5 :
                name.StartsWith("press", StringComparison.Ordinal) || name is "p" ? 6 :
                name.StartsWith("lat", StringComparison.Ordinal) ? 7 :
                name.StartsWith("lon", StringComparison.Ordinal) || name.StartsWith("lng", StringComparison.Ordinal) ? 8 :
                -2;
            if (slot != -2 && !used.Add(slot))
                throw new CloudFormatException($"column {i + 1} '{Shorten(names[i])}' repeats a column already present", location);
            map[i] = slot;
        }
        if (!used.Contains(TimeColumn))
            throw new CloudFormatException("no 'Date (GMT)' column in the header", location);
        return map;
    }

    private static string Unquote(string field)
    {
        string trimmed = field.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1] : trimmed;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Line(int number) => string.Create(CultureInfo.InvariantCulture, $"line {number}");
}
