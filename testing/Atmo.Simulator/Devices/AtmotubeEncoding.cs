using System.Buffers.Binary;

namespace Atmo.Simulator.Devices;

/// <summary>
/// The emulator's own encoders for the Atmotube PRO wire formats (protocol document §1.3, §2.2, §4).
/// Written independently of the gateway's decoders so that tests cross-check the two.
/// </summary>
public static class AtmotubeEncoding
{
    public const int RecordSize = 16;
    public const int HeaderSize = 4;

    /// <summary>Advertising "base" payload, 12 bytes, big-endian.</summary>
    public static byte[] AdvertisingBase(LiveValues v)
    {
        var b = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(0), (ushort)v.VocPpb);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), v.DeviceId);
        b[4] = (byte)v.HumidityPercent;
        b[5] = unchecked((byte)(sbyte)Math.Round(v.TemperatureC));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(6), (uint)v.PressurePa);
        b[10] = v.Info;
        b[11] = (byte)v.BatteryPercent;
        return b;
    }

    /// <summary>Advertising "pm" payload, 9 bytes, big-endian, whole µg/m³.</summary>
    public static byte[] AdvertisingPm(LiveValues v)
    {
        var b = new byte[9];
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(0), v.PmOn ? (ushort)Math.Round(v.Pm1) : (ushort)0xFFFF);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), v.PmOn ? (ushort)Math.Round(v.Pm25) : (ushort)0xFFFF);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(4), v.PmOn ? (ushort)Math.Round(v.Pm10) : (ushort)0xFFFF);
        b[6] = 0x74;
        b[7] = 0x05;
        b[8] = 0x1E;
        return b;
    }

    /// <summary>GATT db450002 SGPC3, 4 bytes little-endian (ppb, reserved).</summary>
    public static byte[] GattVoc(LiveValues v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v.VocPpb);
        return b;
    }

    /// <summary>GATT db450003 BME280, 8 bytes little-endian.</summary>
    public static byte[] GattBme280(LiveValues v)
    {
        var b = new byte[8];
        b[0] = (byte)v.HumidityPercent;
        b[1] = unchecked((byte)(sbyte)Math.Round(v.TemperatureC));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(2), (uint)v.PressurePa);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(6), (short)Math.Round(v.TemperatureC * 100));
        return b;
    }

    /// <summary>GATT db450004 Status, 2 bytes (info byte, battery).</summary>
    public static byte[] GattStatus(LiveValues v) => [v.Info, (byte)v.BatteryPercent];

    /// <summary>GATT db450005 PM, 12 bytes, four u24 little-endian in 0.01 µg/m³; 0xFFFFFFFF when off.</summary>
    public static byte[] GattPm(LiveValues v)
    {
        var b = new byte[12];
        WriteU24(b.AsSpan(0), v.PmOn ? (uint)Math.Round(v.Pm1 * 100) : 0xFFFFFF);
        WriteU24(b.AsSpan(3), v.PmOn ? (uint)Math.Round(v.Pm25 * 100) : 0xFFFFFF);
        WriteU24(b.AsSpan(6), v.PmOn ? (uint)Math.Round(v.Pm10 * 100) : 0xFFFFFF);
        WriteU24(b.AsSpan(9), v.PmOn ? (uint)Math.Round(v.Pm25 * 70) : 0xFFFFFF);
        return b;
    }

    /// <summary>One 16-byte history record (§4.4), little-endian, with the no-data sentinels.</summary>
    public static byte[] HistoryRecord(HistoryValues r)
    {
        var b = new byte[RecordSize];
        b[0] = r.TemperatureC is int t ? unchecked((byte)(sbyte)t) : (byte)0x80;
        b[1] = r.HumidityPercent is int h ? (byte)h : (byte)0x80;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), r.VocPpb is int voc ? (ushort)voc : (ushort)0xFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), r.PressurePa is int p ? (uint)p : 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), r.Pm1 is int pm1 ? (ushort)pm1 : (ushort)0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(10), r.Pm25 is int pm25 ? (ushort)pm25 : (ushort)0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(12), r.Pm10 is int pm10 ? (ushort)pm10 : (ushort)0xFFFF);
        return b;
    }

    /// <summary>Device → host reply to HST: ASCII "HOK".</summary>
    public static byte[] HistoryAcceptedReply() => "HOK"u8.ToArray();

    /// <summary>HT batch header, 9 bytes: "HT", 0, first time u32 BE, record count, record size.</summary>
    public static byte[] HistoryHeader(uint firstRecordUnixTime, int count)
    {
        var b = new byte[9];
        b[0] = (byte)'H';
        b[1] = (byte)'T';
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(3), firstRecordUnixTime);
        b[7] = checked((byte)count);
        b[8] = RecordSize;
        return b;
    }

    /// <summary>HD data packet: "HD", 0, running record total, then the records.</summary>
    public static byte[] HistoryData(int runningTotal, IEnumerable<byte[]> records)
    {
        var list = records.ToList();
        var b = new byte[HeaderSize + list.Count * RecordSize];
        b[0] = (byte)'H';
        b[1] = (byte)'D';
        b[3] = checked((byte)runningTotal);
        for (int i = 0; i < list.Count; i++)
            list[i].CopyTo(b, HeaderSize + i * RecordSize);
        return b;
    }

    /// <summary>Records that fit one notification at this ATT MTU (payload = MTU − 3), at least one.</summary>
    public static int RecordsPerPacket(int mtu) => Math.Max(1, (mtu - 3 - HeaderSize) / RecordSize);

    /// <summary>Parses a host command: "HST" or "HOK" followed by a big-endian u32 Unix time.</summary>
    public static bool TryParseCommand(ReadOnlySpan<byte> command, out string tag, out uint unixTime)
    {
        tag = "";
        unixTime = 0;
        if (command.Length != 7)
            return false;
        if (command.StartsWith("HST"u8))
            tag = "HST";
        else if (command.StartsWith("HOK"u8))
            tag = "HOK";
        else
            return false;
        unixTime = BinaryPrimitives.ReadUInt32BigEndian(command[3..]);
        return true;
    }

    private static void WriteU24(Span<byte> span, uint value)
    {
        span[0] = (byte)value;
        span[1] = (byte)(value >> 8);
        span[2] = (byte)(value >> 16);
    }
}
