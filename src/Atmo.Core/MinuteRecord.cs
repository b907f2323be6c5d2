namespace Atmo.Core;

/// <summary>
/// One device's values for one UTC minute. A value that was not measured is null.
/// Units follow the Atmotube Cloud API: VOC in ppm, PM in µg/m³, T in °C, H in %RH, P in mbar.
/// </summary>
public sealed record MinuteRecord
{
    public required MacAddress Device { get; init; }

    /// <summary>Start of the minute, UTC, with zero seconds.</summary>
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

    /// <summary>True when the measured values (not the source) are the same.</summary>
    public bool HasSameValues(MinuteRecord other) =>
        Voc == other.Voc && Pm1 == other.Pm1 && Pm25 == other.Pm25 && Pm10 == other.Pm10 &&
        T == other.T && H == other.H && P == other.P &&
        Latitude == other.Latitude && Longitude == other.Longitude;
}
