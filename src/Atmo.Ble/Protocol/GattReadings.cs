namespace Atmo.Ble.Protocol;

/// <summary>SGPC3 characteristic (…0002).</summary>
public readonly record struct VocReading(int Ppb);

/// <summary>BME280 characteristic (…0003).</summary>
/// <param name="TemperatureCoarseC">Byte 1, whole degrees.</param>
/// <param name="PressurePa">mbar × 100.</param>
/// <param name="TemperatureCentiC">Bytes 6–7 in 0.01 °C; null for the 6-byte format of old firmware.</param>
public readonly record struct Bme280Reading(int HumidityPercent, int TemperatureCoarseC, int PressurePa, int? TemperatureCentiC)
{
    /// <summary>The finest temperature the characteristic carries, °C.</summary>
    public double TemperatureC => TemperatureCentiC is { } centi ? AtmotubeUnits.TemperatureFromCenti(centi) : TemperatureCoarseC;
}

/// <summary>Status characteristic (…0004).</summary>
public readonly record struct StatusReading(AtmotubeInfo Info, int BatteryPercent);

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

/// <summary>
/// The outcome of decoding one characteristic value: the reading, or "unknown length N" for the caller to log.
/// Decoders never throw on device data.
/// </summary>
public readonly record struct GattResult<T>(bool IsDecoded, T Value, int Length)
    where T : struct
{
    public static GattResult<T> Decoded(T value, int length) => new(true, value, length);

    public static GattResult<T> UnknownLength(int length) => new(false, default, length);

    /// <summary>For a log line; null when decoded.</summary>
    public string? Problem => IsDecoded ? null : $"unknown length {Length}";
}
