namespace Atmo.Ble.Protocol;

/// <summary>BME280 characteristic (…0003).</summary>
/// <param name="TemperatureCoarseC">Byte 1, whole degrees.</param>
/// <param name="PressurePa">mbar × 100.</param>
/// <param name="TemperatureCentiC">Bytes 6–7 in 0.01 °C; null for the 6-byte format of old firmware.</param>
public readonly record struct Bme280Reading(int HumidityPercent, int TemperatureCoarseC, int PressurePa, int? TemperatureCentiC)
{
    /// <summary>The finest temperature the characteristic carries, °C.</summary>
    public double TemperatureC => TemperatureCentiC is { } centi ? AtmotubeUnits.TemperatureFromCenti(centi) : TemperatureCoarseC;
}
