using System.Globalization;
using Atmo.Core;
using Atmo.Core.Plausibility;

namespace Atmo.Sync.Api;

/// <summary>
/// The one place that turns raw cloud values (from JSON or CSV) into a <see cref="MinuteRecord"/>
/// with <see cref="MinuteSource.Cloud"/>, and decides what is implausible. [D] decisions:
/// numbers written as strings are accepted ("1.5"), an empty string is "not measured",
/// a time with seconds is floored to its UTC minute, and a time before
/// <see cref="PlausibleTime.EarliestMinute"/> rejects the record (reported, not stored) rather than the whole
/// file or page. Implausible values are not judged here: like every path's, they are dropped (and counted) field by
/// field by the store's gate, <see cref="PlausibleMinuteStore"/>, with the limits of <see cref="PlausibleValues"/>.
/// </summary>
public static class CloudRecordRules
{
    /// <summary>Values per record, in contract order: voc, pm1, pm25, pm10, t, h, p, lat, lon.</summary>
    public const int ValueCount = 9;

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
        if (values.Length != ValueCount)
            throw new ArgumentException($"Expected {ValueCount} values.", nameof(values));
        if (minute < PlausibleTime.EarliestMinute)
        {
            rejection = $"time {minute:yyyy-MM-ddTHH:mm}Z is before {PlausibleTime.EarliestMinute:yyyy}";
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
