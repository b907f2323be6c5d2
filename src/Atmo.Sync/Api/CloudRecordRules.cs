using System.Globalization;
using Atmo.Core;

namespace Atmo.Sync.Api;

/// <summary>
/// The one place that turns raw cloud values (from JSON or CSV) into a <see cref="MinuteRecord"/>
/// with <see cref="MinuteSource.Cloud"/>, and decides what is implausible. [D] decisions:
/// numbers written as strings are accepted ("1.5"), an empty string is "not measured",
/// a time with seconds is floored to its UTC minute, and values outside the ranges below
/// reject the record (reported, not stored) rather than the whole file or page.
/// </summary>
public static class CloudRecordRules
{
    /// <summary>Earliest plausible minute: Atmotube devices did not exist before 2015.</summary>
    public static readonly DateTime EarliestTime = new(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly (string Name, double Min, double Max)[] Limits =
    [
        ("voc", 0, 1000), ("pm1", 0, 10_000), ("pm25", 0, 10_000), ("pm10", 0, 10_000),
        ("t", -60, 100), ("h", 0, 100), ("p", 300, 1200), ("lat", -90, 90), ("lon", -180, 180),
    ];

    /// <summary>Parses a number written as text with '.' as decimal point; empty means not measured.</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out double? value)
    {
        text = text.Trim();
        value = null;
        if (text.IsEmpty)
            return true;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static readonly string[] TimeFormats =
    [
        "yyyy/MM/dd HH:mm", "yyyy/M/d H:mm", "yyyy/MM/dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
    ];

    /// <summary>ISO 8601 (the JSON form) or <c>yyyy/MM/dd HH:mm</c> (the CSV form), read as UTC.</summary>
    public static bool TryParseTime(string? text, out DateTime minute)
    {
        minute = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
        if (DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, styles, out DateTimeOffset exact) ||
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out exact))
        {
            minute = MinuteTime.Floor(exact);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Builds the record, or returns the reason it is implausible. Values are in contract order:
    /// voc, pm1, pm25, pm10, t, h, p, lat, lon.
    /// </summary>
    public static MinuteRecord? Build(MacAddress device, DateTime minute, ReadOnlySpan<double?> values, out string? rejection)
    {
        rejection = null;
        if (values.Length != Limits.Length)
            throw new ArgumentException($"Expected {Limits.Length} values.", nameof(values));
        if (minute < EarliestTime)
        {
            rejection = $"time {minute:yyyy-MM-ddTHH:mm}Z is before {EarliestTime:yyyy}";
            return null;
        }
        for (int i = 0; i < Limits.Length; i++)
        {
            double? v = values[i];
            if (v is null)
                continue;
            (string name, double min, double max) = Limits[i];
            if (!double.IsFinite(v.Value) || v.Value < min || v.Value > max)
            {
                rejection = string.Create(CultureInfo.InvariantCulture, $"{name} = {v.Value} is outside {min}…{max}");
                return null;
            }
        }
        if (values[7].HasValue != values[8].HasValue)
        {
            rejection = "coords need both lat and lon";
            return null;
        }
        return new MinuteRecord
        {
            Device = device,
            Time = minute,
            Source = MinuteSource.Cloud,
            Voc = values[0], Pm1 = values[1], Pm25 = values[2], Pm10 = values[3],
            T = values[4], H = values[5], P = values[6],
            Latitude = values[7], Longitude = values[8],
        };
    }
}
