namespace Atmo.Core.Plausibility;

/// <summary>
/// The one statement of which stored values are plausible, for every path (live, history, cloud, import): a value
/// outside its range is dropped (stored as "not measured") and counted; the other fields of the minute are kept.
/// The ranges are generous on purpose: they catch broken sensors, sentinels that slipped through and spoofed
/// payloads, not unusual air. Units are the stored ones (the Cloud API's): VOC ppm, PM µg/m³, T °C, H %RH, P mbar.
/// </summary>
public static class PlausibleValues
{
    /// <summary>The limits, in contract order (voc, pm1, pm25, pm10, t, h, p, lat, lon).</summary>
    public static IReadOnlyList<ValueLimit> Limits { get; } =
    [
        new(MinuteField.Voc, "voc", 0, 1000),
        new(MinuteField.Pm1, "pm1", 0, 10_000),
        new(MinuteField.Pm25, "pm25", 0, 10_000),
        new(MinuteField.Pm10, "pm10", 0, 10_000),
        new(MinuteField.T, "t", -60, 100),
        new(MinuteField.H, "h", 0, 100),
        new(MinuteField.P, "p", 300, 1200),
        new(MinuteField.Latitude, "lat", -90, 90),
        new(MinuteField.Longitude, "lon", -180, 180),
    ];

    public static ValueLimit LimitOf(MinuteField field)
    {
        foreach (ValueLimit limit in Limits)
        {
            if (limit.Field == field)
                return limit;
        }

        throw new ArgumentOutOfRangeException(nameof(field), field, "Not a single measured field.");
    }

    /// <summary>The value if it is plausible for <paramref name="field"/>, else null (dropped).</summary>
    public static double? Admit(MinuteField field, double? value) =>
        value is { } v && !LimitOf(field).Admits(v) ? null : value;

    /// <summary>The fields of <paramref name="record"/> that lie outside their limits (half a position is dropped too).</summary>
    public static MinuteField Implausible(MinuteRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        MinuteField bad = MinuteField.None;
        Check(MinuteField.Voc, record.Voc);
        Check(MinuteField.Pm1, record.Pm1);
        Check(MinuteField.Pm25, record.Pm25);
        Check(MinuteField.Pm10, record.Pm10);
        Check(MinuteField.T, record.T);
        Check(MinuteField.H, record.H);
        Check(MinuteField.P, record.P);
        Check(MinuteField.Latitude, record.Latitude);
        Check(MinuteField.Longitude, record.Longitude);
        if (record.Latitude.HasValue != record.Longitude.HasValue)
            bad |= record.Latitude.HasValue ? MinuteField.Latitude : MinuteField.Longitude;
        return bad;

        void Check(MinuteField field, double? value)
        {
            if (value is { } v && !LimitOf(field).Admits(v))
                bad |= field;
        }
    }

    /// <summary>The record with the <paramref name="dropped"/> fields set to null (the same instance when none).</summary>
    public static MinuteRecord Without(MinuteRecord record, MinuteField dropped)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (dropped == MinuteField.None)
            return record;
        return record with
        {
            Voc = dropped.HasFlag(MinuteField.Voc) ? null : record.Voc,
            Pm1 = dropped.HasFlag(MinuteField.Pm1) ? null : record.Pm1,
            Pm25 = dropped.HasFlag(MinuteField.Pm25) ? null : record.Pm25,
            Pm10 = dropped.HasFlag(MinuteField.Pm10) ? null : record.Pm10,
            T = dropped.HasFlag(MinuteField.T) ? null : record.T,
            H = dropped.HasFlag(MinuteField.H) ? null : record.H,
            P = dropped.HasFlag(MinuteField.P) ? null : record.P,
            Latitude = dropped.HasFlag(MinuteField.Latitude) ? null : record.Latitude,
            Longitude = dropped.HasFlag(MinuteField.Longitude) ? null : record.Longitude,
        };
    }

    /// <summary>How many fields a set holds.</summary>
    public static int Count(MinuteField fields) => System.Numerics.BitOperations.PopCount((uint)fields);
}
