using System.Buffers.Binary;

namespace Atmo.Ble.Protocol;

/// <summary>Decoders for the PRO's GATT characteristics (§1.3, all little-endian). Unknown lengths are reported, not thrown.</summary>
public static class GattDecoder
{
    private const int PmOffSentinel = 0xFFFFFF;

    /// <summary>4 bytes: u16 ppb, then 2 reserved bytes.</summary>
    public static GattResult<VocReading> DecodeVoc(ReadOnlySpan<byte> value) =>
        value.Length == 4
            ? GattResult<VocReading>.Decoded(new VocReading(BinaryPrimitives.ReadUInt16LittleEndian(value)), 4)
            : GattResult<VocReading>.UnknownLength(value.Length);

    /// <summary>8 bytes (current firmware) or 6 bytes (old firmware, no fine temperature).</summary>
    public static GattResult<Bme280Reading> DecodeBme280(ReadOnlySpan<byte> value)
    {
        if (value.Length is not (6 or 8))
            return GattResult<Bme280Reading>.UnknownLength(value.Length);
        int? fine = value.Length == 8 ? BinaryPrimitives.ReadInt16LittleEndian(value[6..]) : null;
        var reading = new Bme280Reading(
            HumidityPercent: value[0],
            TemperatureCoarseC: (sbyte)value[1],
            PressurePa: (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(value[2..]), int.MaxValue),
            TemperatureCentiC: fine);
        return GattResult<Bme280Reading>.Decoded(reading, value.Length);
    }

    /// <summary>2 bytes: info byte, battery %.</summary>
    public static GattResult<StatusReading> DecodeStatus(ReadOnlySpan<byte> value) =>
        value.Length == 2
            ? GattResult<StatusReading>.Decoded(new StatusReading((AtmotubeInfo)value[0], value[1]), 2)
            : GattResult<StatusReading>.UnknownLength(value.Length);

    /// <summary>
    /// 12 bytes: PM1, PM2.5, PM10, then the unverified 4th value, each u24 in 0.01 µg/m³. The 6- and 8-byte
    /// formats of older firmware are undocumented (§1.6) and reported as unknown lengths.
    /// </summary>
    public static GattResult<PmReading> DecodePm(ReadOnlySpan<byte> value)
    {
        if (value.Length != 12)
            return GattResult<PmReading>.UnknownLength(value.Length);
        int pm1 = ReadUInt24(value);
        int pm25 = ReadUInt24(value[3..]);
        int pm10 = ReadUInt24(value[6..]);
        int fourth = ReadUInt24(value[9..]);
        PmReading reading = pm1 == PmOffSentinel || pm25 == PmOffSentinel || pm10 == PmOffSentinel
            ? new PmReading(null, null, null, null)
            : new PmReading(pm1, pm25, pm10, fourth == PmOffSentinel ? null : fourth);
        return GattResult<PmReading>.Decoded(reading, 12);
    }

    private static int ReadUInt24(ReadOnlySpan<byte> b) => b[0] | (b[1] << 8) | (b[2] << 16);
}
