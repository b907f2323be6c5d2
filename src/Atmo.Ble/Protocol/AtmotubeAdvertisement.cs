using Atmo.Core;

namespace Atmo.Ble.Protocol;

/// <summary>A decoded Atmotube PRO advertisement: the base part, the PM part, or both (§2.2).</summary>
public sealed record AtmotubeAdvertisement(MacAddress Address, short? Rssi, AdvertisedBase? Base, AdvertisedPm? Pm);

/// <summary>The 12-byte "base" payload of the advertising packet (big-endian).</summary>
/// <param name="VocPpb">TVOC in ppb. Only meaningful when <see cref="AtmotubeInfo.VocReady"/> is set.</param>
/// <param name="DeviceTag">Bytes 2–3, "Device ID" in the doc, "deviceCRC" in Atmotube's library: opaque, not the address.</param>
/// <param name="TemperatureC">Whole degrees, signed.</param>
/// <param name="PressurePa">mbar × 100.</param>
public sealed record AdvertisedBase(
    int VocPpb,
    ushort DeviceTag,
    int HumidityPercent,
    int TemperatureC,
    int PressurePa,
    AtmotubeInfo Info,
    int BatteryPercent);

/// <summary>The 9-byte "pm" payload of the scan response (big-endian). PM is null when the sensor is off.</summary>
/// <param name="Pm1">Whole µg/m³.</param>
/// <param name="Firmware">The three firmware bytes as upper-case hex, e.g. "74051E" (0x74 = PRO).</param>
public sealed record AdvertisedPm(int? Pm1, int? Pm25, int? Pm10, string Firmware)
{
    public bool PmOff => Pm1 is null;
}

public enum AdvertisementStatus
{
    /// <summary>An Atmotube PRO payload was decoded.</summary>
    Decoded,

    /// <summary>Neither the name ATMOTUBE nor the PRO service UUID: another product (e.g. an Atmocube on 0xFFFF).</summary>
    NotAtmotube,

    /// <summary>A factory-test or DFU-bootloader name: not a measuring device.</summary>
    IgnoredName,

    /// <summary>An Atmotube without manufacturer data for 0xFFFF yet.</summary>
    NoPayload,

    /// <summary>The 0xFFFF payload has a length other than 12, 9 or 21.</summary>
    UnknownLength,

    /// <summary>A value lies outside its plausible range; nothing is reported.</summary>
    Implausible,
}

/// <param name="Advertisement">Set only when <see cref="Status"/> is <see cref="AdvertisementStatus.Decoded"/>.</param>
/// <param name="Problem">Why nothing was decoded, for a log line; null when decoded.</param>
public sealed record AdvertisementDecodeResult(
    AdvertisementStatus Status,
    AtmotubeAdvertisement? Advertisement,
    string? Problem);
