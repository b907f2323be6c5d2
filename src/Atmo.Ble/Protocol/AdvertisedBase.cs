namespace Atmo.Ble.Protocol;

/// <summary>
/// The 12-byte "base" payload of the advertising packet (big-endian). A value outside its plausible range is null
/// (dropped by <see cref="AdvertisementDecoder"/>); the other values of the payload are kept.
/// </summary>
/// <param name="VocPpb">TVOC in ppb. Only meaningful when <see cref="AtmotubeInfo.VocReady"/> is set.</param>
/// <param name="DeviceTag">Bytes 2–3, "Device ID" in the doc, "deviceCRC" in Atmotube's library: opaque, not the address.</param>
/// <param name="TemperatureC">Whole degrees, signed.</param>
/// <param name="PressurePa">mbar × 100.</param>
public sealed record AdvertisedBase(
    int? VocPpb,
    ushort DeviceTag,
    int? HumidityPercent,
    int? TemperatureC,
    int? PressurePa,
    AtmotubeInfo Info,
    int? BatteryPercent);
