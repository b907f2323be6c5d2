using System.Globalization;
using Atmo.Core;

namespace Atmo.Storage.Encoding;

/// <summary>
/// The measured values of one minute as scaled integers, in the precision of the cloud contract:
/// VOC ppm × 1000, PM / T / H / P × 100, latitude / longitude × 10⁷. Values are rounded to these
/// precisions on write (midpoint away from zero); comparisons for idempotence and disagreements
/// use the rounded values, so a re-sent value that differs only below the precision is identical.
/// </summary>
internal static class ScaledValues
{
    public const int FieldCount = 9;

    // Field order is the bit order of the presence mask; never reorder (it is on disk).
    private static readonly double[] Scales = [1000, 100, 100, 100, 100, 100, 100, 1e7, 1e7];

    private static readonly string[] Names = ["Voc", "Pm1", "Pm25", "Pm10", "T", "H", "P", "Latitude", "Longitude"];

    /// <summary>Scales the record's values into <paramref name="values"/>; returns the presence mask, or an error text.</summary>
    public static ushort Encode(MinuteRecord record, Span<int> values, out string? error)
    {
        error = null;
        ushort mask = 0;
        ReadOnlySpan<double?> raw =
        [
            record.Voc, record.Pm1, record.Pm25, record.Pm10, record.T, record.H, record.P,
            record.Latitude, record.Longitude,
        ];
        for (int field = 0; field < FieldCount; field++)
        {
            values[field] = 0;
            if (raw[field] is not double value)
                continue;
            if (!double.IsFinite(value))
            {
                error = string.Create(CultureInfo.InvariantCulture, $"{Names[field]} is {value}; values must be finite numbers");
                return 0;
            }

            double scaled = Math.Round(value * Scales[field], MidpointRounding.AwayFromZero);
            if (scaled is > int.MaxValue or < int.MinValue)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"{Names[field]} = {value} is out of the storable range");
                return 0;
            }

            values[field] = (int)scaled;
            mask |= (ushort)(1 << field);
        }

        return mask;
    }

    /// <summary>Builds a record from stored scaled values. Division (not multiplication by 0.001)
    /// gives the double nearest to the decimal value, so 1241 → 1.241 prints as "1.241".</summary>
    public static MinuteRecord Decode(MacAddress device, DateTime time, MinuteSource source, ushort mask, ReadOnlySpan<int> values) =>
        new()
        {
            Device = device,
            Time = time,
            Source = source,
            Voc = Get(mask, values, 0),
            Pm1 = Get(mask, values, 1),
            Pm25 = Get(mask, values, 2),
            Pm10 = Get(mask, values, 3),
            T = Get(mask, values, 4),
            H = Get(mask, values, 5),
            P = Get(mask, values, 6),
            Latitude = Get(mask, values, 7),
            Longitude = Get(mask, values, 8),
        };

    private static double? Get(ushort mask, ReadOnlySpan<int> values, int field) =>
        (mask & (1 << field)) == 0 ? null : values[field] / Scales[field];
}
