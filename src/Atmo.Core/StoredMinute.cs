namespace Atmo.Core;

/// <summary>
/// One stored minute as a value: what <see cref="IMinuteStore.StreamQuery"/> hands out. The content
/// of a <see cref="MinuteRecord"/> without the device (the query names it) and without an object per
/// minute, so writing out a week of minutes allocates nothing per minute.
/// </summary>
public readonly record struct StoredMinute
{
    /// <summary>Start of the minute, UTC.</summary>
    public required DateTime Time { get; init; }

    public required MinuteSource Source { get; init; }

    public double? Voc { get; init; }
    public double? Pm1 { get; init; }
    public double? Pm25 { get; init; }
    public double? Pm10 { get; init; }
    public double? T { get; init; }
    public double? H { get; init; }
    public double? P { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }

    public static StoredMinute Of(MinuteRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new()
        {
            Time = record.Time, Source = record.Source,
            Voc = record.Voc, Pm1 = record.Pm1, Pm25 = record.Pm25, Pm10 = record.Pm10,
            T = record.T, H = record.H, P = record.P, Latitude = record.Latitude, Longitude = record.Longitude,
        };
    }

    public MinuteRecord ToRecord(MacAddress device) => new()
    {
        Device = device, Time = Time, Source = Source,
        Voc = Voc, Pm1 = Pm1, Pm25 = Pm25, Pm10 = Pm10,
        T = T, H = H, P = P, Latitude = Latitude, Longitude = Longitude,
    };
}
