using Atmo.Ble.Protocol;
using static Atmo.Ble.Tests.Protocol.Support.HistoryWire;

namespace Atmo.Ble.Tests.Protocol;

public sealed class HistoryPacketTests
{
    [Fact]
    public void Capture_header_reads_the_record_count_and_big_endian_first_time()
    {
        var packet = HistoryPacket.Parse(Hex("48 54 00 6A C3 BD 99 25 10"));
        Assert.Equal(HistoryPacketKind.Header, packet.Kind);
        Assert.Equal(0x6AC3BD99u, packet.FirstRecordUnixSeconds);
        Assert.Equal(DateTimeOffset.Parse("2026-10-05T15:09:13Z"), DateTimeOffset.FromUnixTimeSeconds(packet.FirstRecordUnixSeconds));
        Assert.Equal((37, 16, 0), (packet.RecordCount, packet.RecordSize, (int)packet.Reserved));
    }

    [Fact]
    public void Data_packet_exposes_the_running_total_and_the_payload()
    {
        byte[] raw = Data(30, new byte[16], new byte[16]);
        var packet = HistoryPacket.Parse(raw);
        Assert.Equal(HistoryPacketKind.Data, packet.Kind);
        Assert.Equal(30, packet.RunningTotal);
        Assert.Equal(32, packet.Payload.Length);
    }

    [Theory]
    [InlineData("484F4B", HistoryPacketKind.Reply)]
    [InlineData("484F", HistoryPacketKind.Reply)]
    [InlineData("484F4B00000000", HistoryPacketKind.Reply)]
    [InlineData("485400", HistoryPacketKind.Unknown)]
    [InlineData("48540000000000250F", HistoryPacketKind.Header)]
    [InlineData("484400", HistoryPacketKind.Unknown)]
    [InlineData("48440001", HistoryPacketKind.Data)]
    [InlineData("48", HistoryPacketKind.Unknown)]
    [InlineData("", HistoryPacketKind.Unknown)]
    [InlineData("4858", HistoryPacketKind.Unknown)]
    [InlineData("585458", HistoryPacketKind.Unknown)]
    public void Kinds_by_tag_and_minimum_length(string hex, HistoryPacketKind kind) =>
        Assert.Equal(kind, HistoryPacket.Parse(Hex(hex)).Kind);

    [Fact]
    public void Fields_of_another_kind_read_as_zero()
    {
        var reply = HistoryPacket.Parse(Hex("484F4B"));
        Assert.Equal((0u, 0, 0, 0, 0), (reply.FirstRecordUnixSeconds, reply.RecordCount, reply.RecordSize, reply.RunningTotal, reply.Payload.Length));
    }
}
