using System.Globalization;
using Atmo.Core;

namespace Atmo.Storage.Encoding;

/// <summary>
/// The measured values of one minute as scaled integers, in the precision of the cloud contract:
/// VOC ppm × 1000, PM / T / H / P × 100, latitude / longitude × 10⁷. Values are rounded to these
/// precisions on write (midpoint away from zero); comparisons for idempotence and disagreements
/// use the rounded values, so a re-sent value that differs only below the precision is identical.
/// A source whose values are kept exactly (<see cref="MinuteSourceNames.KeepsExactValues"/>) also
/// keeps, beside the scaled integer, the double of every value the integer does not give back
/// (a cloud position such as 36.17102679826757).
/// </summary>
internal static class ScaledValues
{
    public const int FieldCount = 9;

    // Field order is the bit order of the presence mask; never reorder (it is on disk).
    private static readonly double[] Scales = [1000, 100, 100, 100, 100, 100, 100, 1e7, 1e7];

    private static readonly string[] Names = ["Voc", "Pm1", "Pm25", "Pm10", "T", "H", "P", "Latitude", "Longitude"];

    /// <summary>
    /// Scales the record's values into <paramref name="values"/>; returns the presence mask, or an error text.
    /// Values to keep exactly go to <paramref name="exact"/> (at their field index) and set their bit in
    /// <paramref name="exactMask"/>.
    /// </summary>
    public static ushort Encode(MinuteRecord record, Span<int> values, Span<double> exact, out ushort exactMask, out string? error)
    {
        error = null;
        exactMask = 0;
        ushort mask = 0;
        ReadOnlySpan<double?> raw =
        [
            record.Voc, record.Pm1, record.Pm25, record.Pm10, record.T, record.H, record.P,
            record.Latitude, record.Longitude,
        ];
        bool keepExact = record.Source.KeepsExactValues();
        for (int field = 0; field < FieldCount; field++)
        {
            values[field] = 0;
            exact[field] = 0;
            if (raw[field] is not double value)
                continue;
            if (!double.IsFinite(value))
            {
                error = string.Create(CultureInfo.InvariantCulture, $"{Names[field]} is {value}; values must be finite numbers");
                exactMask = 0;
                return 0;
            }

            double scaled = Math.Round(value * Scales[field], MidpointRounding.AwayFromZero);
            if (scaled is > int.MaxValue or < int.MinValue)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"{Names[field]} = {value} is out of the storable range");
                exactMask = 0;
                return 0;
            }

            values[field] = (int)scaled;
            mask |= (ushort)(1 << field);
            if (keepExact && FromScaled(values[field], field) != value)
            {
                exact[field] = value;
                exactMask |= (ushort)(1 << field);
            }
        }

        return mask;
    }

    /// <summary>
    /// Builds a minute from stored scaled values, taking a value from <paramref name="exact"/> where
    /// <paramref name="exactMask"/> has its bit. Division (not multiplication by 0.001) gives the double
    /// nearest to the decimal value, so 1241 → 1.241 prints as "1.241".
    /// </summary>
    public static StoredMinute Decode(
        DateTime time, MinuteSource source, ushort mask, ReadOnlySpan<int> values, ushort exactMask, ReadOnlySpan<double> exact) =>
        new()
        {
            Time = time,
            Source = source,
            Voc = Get(mask, values, exactMask, exact, 0),
            Pm1 = Get(mask, values, exactMask, exact, 1),
            Pm25 = Get(mask, values, exactMask, exact, 2),
            Pm10 = Get(mask, values, exactMask, exact, 3),
            T = Get(mask, values, exactMask, exact, 4),
            H = Get(mask, values, exactMask, exact, 5),
            P = Get(mask, values, exactMask, exact, 6),
            Latitude = Get(mask, values, exactMask, exact, 7),
            Longitude = Get(mask, values, exactMask, exact, 8),
        };

    private static double FromScaled(int value, int field) => value / Scales[field];

    private static double? Get(ushort mask, ReadOnlySpan<int> values, ushort exactMask, ReadOnlySpan<double> exact, int field)
    {
        if ((mask & (1 << field)) == 0)
            return null;
        return (exactMask & (1 << field)) != 0 ? exact[field] : FromScaled(values[field], field);
    }
}
