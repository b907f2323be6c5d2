namespace Atmo.Ble.Protocol;

/// <summary>The 9-byte "pm" payload of the scan response (big-endian). PM is null when the sensor is off.</summary>
/// <param name="Pm1">Whole µg/m³.</param>
/// <param name="Firmware">The three firmware bytes as upper-case hex, e.g. "74051E" (0x74 = PRO).</param>
public sealed record AdvertisedPm(int? Pm1, int? Pm25, int? Pm10, string Firmware)
{
    public bool PmOff => Pm1 is null;
}
