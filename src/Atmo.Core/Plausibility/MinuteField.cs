namespace Atmo.Core.Plausibility;

/// <summary>The measured fields of a <see cref="MinuteRecord"/>, as flags so that a set of dropped fields fits in one value.</summary>
[Flags]
public enum MinuteField
{
    None = 0,
    Voc = 1,
    Pm1 = 2,
    Pm25 = 4,
    Pm10 = 8,
    T = 16,
    H = 32,
    P = 64,
    Latitude = 128,
    Longitude = 256,
}
