using System.Buffers.Binary;
using System.Globalization;

namespace Atmo.Ble.Protocol;

/// <summary>
/// Decodes Atmotube PRO advertisements (§2). BlueZ keeps manufacturer data in a map keyed by company ID, so the
/// base payload and the scan-response PM payload overwrite each other; the payload length says which one it is.
/// </summary>
public static class AdvertisementDecoder
{
    public const int BaseLength = 12;
    public const int PmLength = 9;
    public const int CombinedLength = BaseLength + PmLength;

    private const ushort PmOffSentinel = 0xFFFF;

    // Factory-test and DFU-bootloader names (§1.1): such a device measures nothing.
    private static readonly string[] IgnoredNames = ["atmotest3", "ATMOTEST", "DfuMode", "DfuAtmo", "DfuAtmoPlus", "DfuAtmoPro"];

    public static AdvertisementDecodeResult Decode(DeviceAdvertisement device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Name is { } name && Array.Exists(IgnoredNames, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
            return Fail(AdvertisementStatus.IgnoredName, $"name '{name}' is a factory-test or DFU mode");
        if (!IsAtmotube(device))
            return Fail(AdvertisementStatus.NotAtmotube, "neither name ATMOTUBE nor the Atmotube PRO service UUID");
        if (!device.ManufacturerData.TryGetValue(AtmotubeUuids.CompanyId, out byte[]? payload) || payload is null)
            return Fail(AdvertisementStatus.NoPayload, "no manufacturer data for company 0xFFFF");

        ReadOnlySpan<byte> span = payload;
        AdvertisedBase? basePart = null;
        AdvertisedPm? pmPart = null;
        switch (span.Length)
        {
            case BaseLength:
                basePart = DecodeBase(span);
                break;
            case PmLength:
                pmPart = DecodePm(span);
                break;
            case CombinedLength:
                basePart = DecodeBase(span[..BaseLength]);
                pmPart = DecodePm(span[BaseLength..]);
                break;
            default:
                return Fail(AdvertisementStatus.UnknownLength, $"unknown manufacturer data length {span.Length}");
        }

        string? problem = (basePart is null ? null : Implausibility(basePart)) ?? (pmPart is null ? null : Implausibility(pmPart));
        if (problem is not null)
            return Fail(AdvertisementStatus.Implausible, problem);
        return new AdvertisementDecodeResult(
            AdvertisementStatus.Decoded,
            new AtmotubeAdvertisement(device.Address, device.Rssi, basePart, pmPart),
            null);
    }

    /// <summary>Name ATMOTUBE or the PRO service UUID; company ID 0xFFFF alone proves nothing (§2.4).</summary>
    public static bool IsAtmotube(DeviceAdvertisement device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (string.Equals(device.Name, AtmotubeUuids.LocalName, StringComparison.Ordinal))
            return true;
        foreach (string uuid in device.ServiceUuids)
        {
            if (string.Equals(uuid, AtmotubeUuids.Service, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    public static AdvertisedBase DecodeBase(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != BaseLength)
            throw new ArgumentException($"The base payload has {BaseLength} bytes, not {payload.Length}.", nameof(payload));
        return new AdvertisedBase(
            VocPpb: BinaryPrimitives.ReadUInt16BigEndian(payload),
            DeviceTag: BinaryPrimitives.ReadUInt16BigEndian(payload[2..]),
            HumidityPercent: payload[4],
            TemperatureC: (sbyte)payload[5],
            PressurePa: (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(payload[6..]), int.MaxValue),
            Info: (AtmotubeInfo)payload[10],
            BatteryPercent: payload[11]);
    }

    public static AdvertisedPm DecodePm(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != PmLength)
            throw new ArgumentException($"The pm payload has {PmLength} bytes, not {payload.Length}.", nameof(payload));
        ushort pm1 = BinaryPrimitives.ReadUInt16BigEndian(payload);
        ushort pm25 = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
        ushort pm10 = BinaryPrimitives.ReadUInt16BigEndian(payload[4..]);
        string firmware = Convert.ToHexString(payload[6..9]);
        // Like Atmotube's own library: one off sentinel discards all three values.
        if (pm1 == PmOffSentinel || pm25 == PmOffSentinel || pm10 == PmOffSentinel)
            return new AdvertisedPm(null, null, null, firmware);
        return new AdvertisedPm(pm1, pm25, pm10, firmware);
    }

    private static string? Implausibility(AdvertisedBase b)
    {
        if (b.HumidityPercent > 100)
            return Out("humidity", b.HumidityPercent, "0–100 %");
        if (b.TemperatureC is < -40 or > 85)
            return Out("temperature", b.TemperatureC, "−40…85 °C");
        if (b.PressurePa is < 30_000 or > 110_000)
            return Out("pressure (Pa)", b.PressurePa, "300–1100 hPa");
        if (b.BatteryPercent > 100)
            return Out("battery", b.BatteryPercent, "0–100 %");
        if (b.VocPpb > 60_000)
            return Out("VOC (ppb)", b.VocPpb, "0–60000 ppb");
        return null;
    }

    private static string? Implausibility(AdvertisedPm pm)
    {
        if (pm.Pm1 > 1000)
            return Out("PM1", pm.Pm1.Value, "0–1000 µg/m³");
        if (pm.Pm25 > 1000)
            return Out("PM2.5", pm.Pm25.Value, "0–1000 µg/m³");
        if (pm.Pm10 > 1000)
            return Out("PM10", pm.Pm10.Value, "0–1000 µg/m³");
        return null;
    }

    private static string Out(string field, int value, string range) =>
        string.Create(CultureInfo.InvariantCulture, $"{field} {value} outside {range}");

    private static AdvertisementDecodeResult Fail(AdvertisementStatus status, string problem) => new(status, null, problem);
}
