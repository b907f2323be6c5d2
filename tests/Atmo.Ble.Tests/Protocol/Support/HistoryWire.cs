using System.Buffers.Binary;
using Atmo.Ble.Protocol;

namespace Atmo.Ble.Tests.Protocol.Support;

/// <summary>Test-side encoder of the device's history notifications: the inverse of the decoders under test.</summary>
public static class HistoryWire
{
    public static byte[] Reply() => "HOK"u8.ToArray();

    public static byte[] Header(uint firstUnixSeconds, int count, int recordSize = 16, bool littleEndianTime = false)
    {
        byte[] packet = new byte[9];
        packet[0] = (byte)'H';
        packet[1] = (byte)'T';
        if (littleEndianTime)
            BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(3), firstUnixSeconds);
        else
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(3), firstUnixSeconds);
        packet[7] = (byte)count;
        packet[8] = (byte)recordSize;
        return packet;
    }

    public static byte[] Data(int runningTotal, params byte[][] records)
    {
        byte[] packet = new byte[4 + records.Sum(r => r.Length)];
        packet[0] = (byte)'H';
        packet[1] = (byte)'D';
        packet[3] = (byte)runningTotal;
        int offset = 4;
        foreach (byte[] record in records)
        {
            record.CopyTo(packet, offset);
            offset += record.Length;
        }

        return packet;
    }

    /// <summary>Encodes a record's values; null → the device's sentinel. Bytes beyond 14 are filled with <paramref name="extra"/>.</summary>
    public static byte[] Record(HistoryRecord record, int recordSize = 16, byte extra = 0)
    {
        byte[] bytes = new byte[recordSize];
        bytes.AsSpan(14).Fill(extra);
        bytes[0] = record.TemperatureC is { } t ? (byte)(sbyte)t : (byte)0x80;
        bytes[1] = record.HumidityPercent is { } h ? (byte)h : (byte)0x80;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), record.VocPpb is { } v ? (ushort)v : ushort.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), record.PressurePa is { } p ? (uint)p : uint.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), record.Pm1 is { } a ? (ushort)a : ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), record.Pm25 is { } b ? (ushort)b : ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(12), record.Pm10 is { } c ? (ushort)c : ushort.MaxValue);
        return bytes;
    }

    /// <summary>A plausible record with values derived from <paramref name="i"/>, so that records differ.</summary>
    public static byte[] SampleRecord(int i, int recordSize = 16) => Record(
        new HistoryRecord(default, 20 + (i % 10), 40 + (i % 30), 100 + i, 101_000 + i, i % 50, i % 60, i % 70),
        recordSize);

    /// <summary>
    /// One batch as the device would send it: HT, then HD packets with at most <paramref name="recordsPerData"/>
    /// records each (15 at ATT MTU 247, 1 at MTU 23).
    /// </summary>
    public static List<byte[]> Batch(uint firstUnixSeconds, IReadOnlyList<byte[]> records, int recordsPerData, int recordSize = 16)
    {
        var packets = new List<byte[]> { Header(firstUnixSeconds, records.Count, recordSize) };
        for (int sent = 0; sent < records.Count; sent += recordsPerData)
        {
            byte[][] chunk = records.Skip(sent).Take(recordsPerData).ToArray();
            packets.Add(Data(sent + chunk.Length, chunk));
        }

        return packets;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
