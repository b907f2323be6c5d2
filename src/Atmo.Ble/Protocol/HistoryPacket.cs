using System.Buffers.Binary;

namespace Atmo.Ble.Protocol;

/// <summary>
/// One device → host notification of the history protocol (§4.2), parsed in place: it points into the
/// notification and copies nothing.
/// </summary>
public readonly ref struct HistoryPacket
{
    public const int HeaderLength = 9;
    public const int DataPrefixLength = 4;

    private HistoryPacket(HistoryPacketKind kind, ReadOnlySpan<byte> raw)
    {
        Kind = kind;
        Raw = raw;
    }

    public HistoryPacketKind Kind { get; }

    /// <summary>The whole notification.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>Byte 2 of HT and HD: 0 in every capture, meaning unknown.</summary>
    public byte Reserved => Raw[2];

    /// <summary>HT: Unix time of the first record, big-endian (a little-endian reading gives ~2051).</summary>
    public uint FirstRecordUnixSeconds => Kind == HistoryPacketKind.Header ? BinaryPrimitives.ReadUInt32BigEndian(Raw[3..]) : 0;

    /// <summary>HT byte 7: number of records in the batch (the doc's "number of HD packets" is wrong, §4.3).</summary>
    public int RecordCount => Kind == HistoryPacketKind.Header ? Raw[7] : 0;

    /// <summary>HT byte 8: size of one record, 16 observed.</summary>
    public int RecordSize => Kind == HistoryPacketKind.Header ? Raw[8] : 0;

    /// <summary>HD byte 3: records sent in this batch so far, including this packet (the doc's "packet number" is wrong, §4.3).</summary>
    public int RunningTotal => Kind == HistoryPacketKind.Data ? Raw[3] : 0;

    /// <summary>HD: the records, k × record size bytes.</summary>
    public ReadOnlySpan<byte> Payload => Kind == HistoryPacketKind.Data ? Raw[DataPrefixLength..] : default;

    public static HistoryPacket Parse(ReadOnlySpan<byte> notification)
    {
        if (notification.Length < 2 || notification[0] != (byte)'H')
            return new HistoryPacket(HistoryPacketKind.Unknown, notification);
        return notification[1] switch
        {
            (byte)'O' => new HistoryPacket(HistoryPacketKind.Reply, notification),
            (byte)'T' when notification.Length >= HeaderLength => new HistoryPacket(HistoryPacketKind.Header, notification),
            (byte)'D' when notification.Length >= DataPrefixLength => new HistoryPacket(HistoryPacketKind.Data, notification),
            _ => new HistoryPacket(HistoryPacketKind.Unknown, notification),
        };
    }
}
