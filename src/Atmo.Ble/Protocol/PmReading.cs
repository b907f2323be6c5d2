namespace Atmo.Ble.Protocol;

/// <summary>
/// PM characteristic (…0005), values in 0.01 µg/m³; all null when the sensor is off (0xFFFFFF).
/// </summary>
/// <param name="Pm4UnverifiedCenti">
/// Bytes 9–11, documented as PM4, but captures show values below PM2.5 (§1.4): kept raw, not used for anything.
/// </param>
public readonly record struct PmReading(int? Pm1Centi, int? Pm25Centi, int? Pm10Centi, int? Pm4UnverifiedCenti)
{
    public bool SensorOff => Pm1Centi is null;
}
