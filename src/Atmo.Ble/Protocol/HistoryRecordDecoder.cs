using System.Buffers.Binary;

namespace Atmo.Ble.Protocol;

/// <summary>
/// Decodes one history record (§4.4, little-endian). Only the 14 documented bytes are read; the rest of the
/// record (bytes 14–15 so far, 00 00 in every capture) is skipped by the caller using the HT record size.
/// </summary>
public static class HistoryRecordDecoder
{
    /// <summary>Bytes with a known meaning; HT record sizes below this are rejected.</summary>
    public const int KnownLength = 14;

    /// <summary>The interval between records: one-minute averages.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public static HistoryRecord Decode(ReadOnlySpan<byte> record, DateTimeOffset time)
    {
        if (record.Length < KnownLength)
            throw new ArgumentException($"A history record has at least {KnownLength} bytes, not {record.Length}.", nameof(record));
        sbyte temperature = (sbyte)record[0];
        byte humidity = record[1];
        ushort voc = BinaryPrimitives.ReadUInt16LittleEndian(record[2..]);
        uint pressure = BinaryPrimitives.ReadUInt32LittleEndian(record[4..]);
        return new HistoryRecord(
            time,
            TemperatureC: temperature == sbyte.MinValue ? null : temperature,
            // 0x80 is the sentinel seen on the wire; any value above 100 % cannot be a humidity.
            HumidityPercent: humidity > 100 ? null : humidity,
            VocPpb: voc == ushort.MaxValue ? null : voc,
            PressurePa: pressure == uint.MaxValue || pressure > int.MaxValue ? null : (int)pressure,
            Pm1: Pm(record[8..]),
            Pm25: Pm(record[10..]),
            Pm10: Pm(record[12..]));
    }

    private static int? Pm(ReadOnlySpan<byte> field)
    {
        ushort value = BinaryPrimitives.ReadUInt16LittleEndian(field);
        return value == ushort.MaxValue ? null : value;
    }
}
