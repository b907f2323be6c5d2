using System.Buffers.Binary;
using System.Globalization;
using Atmo.Core.Plausibility;

namespace Atmo.Ble.Protocol;

/// <summary>
/// Decodes Atmotube PRO advertisements (§2). BlueZ keeps manufacturer data in a map keyed by company ID, so the
/// base payload and the scan-response PM payload overwrite each other; the payload length says which one it is.
/// A value outside the limits every path shares (<see cref="PlausibleValues"/>; battery 0–100 %) is dropped on its
/// own and named in <see cref="AtmotubeAdvertisement.Dropped"/>: one bad field never costs the others.
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

        var dropped = new List<string>();
        basePart = basePart is null ? null : Plausible(basePart, dropped);
        pmPart = pmPart is null ? null : Plausible(pmPart, dropped);
        return new AdvertisementDecodeResult(
            AdvertisementStatus.Decoded,
            new AtmotubeAdvertisement(device.Address, device.Rssi, basePart, pmPart) { Dropped = dropped },
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

    private static AdvertisedBase Plausible(AdvertisedBase b, List<string> dropped) => b with
    {
        VocPpb = Keep(b.VocPpb, MinuteField.Voc, AtmotubeUnits.VocPpm, "VOC (ppb)", dropped),
        HumidityPercent = Keep(b.HumidityPercent, MinuteField.H, v => v, "humidity (%)", dropped),
        TemperatureC = Keep(b.TemperatureC, MinuteField.T, v => v, "temperature (°C)", dropped),
        PressurePa = Keep(b.PressurePa, MinuteField.P, AtmotubeUnits.PressureMbar, "pressure (Pa)", dropped),
        BatteryPercent = b.BatteryPercent is > 100 or < 0 ? Drop("battery (%)", b.BatteryPercent.Value, dropped) : b.BatteryPercent,
    };

    private static AdvertisedPm Plausible(AdvertisedPm pm, List<string> dropped) => pm with
    {
        Pm1 = Keep(pm.Pm1, MinuteField.Pm1, v => v, "PM1", dropped),
        Pm25 = Keep(pm.Pm25, MinuteField.Pm25, v => v, "PM2.5", dropped),
        Pm10 = Keep(pm.Pm10, MinuteField.Pm10, v => v, "PM10", dropped),
    };

    /// <summary>The raw value when its stored form (<paramref name="toStored"/>) is plausible; else null, and named in <paramref name="dropped"/>.</summary>
    private static int? Keep(int? raw, MinuteField field, Func<int, double> toStored, string name, List<string> dropped) =>
        raw is { } value && PlausibleValues.Admit(field, toStored(value)) is null ? Drop(name, value, dropped) : raw;

    private static int? Drop(string name, int value, List<string> dropped)
    {
        dropped.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {value}"));
        return null;
    }

    private static AdvertisementDecodeResult Fail(AdvertisementStatus status, string problem) => new(status, null, problem);
}
