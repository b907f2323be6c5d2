using Atmo.Ble.Protocol;
using static Atmo.Ble.Tests.Protocol.Support.HistoryWire;

namespace Atmo.Ble.Tests.Protocol;

public sealed class HistoryCommandsTests
{
    [Fact]
    public void H1_request_with_big_endian_time()
    {
        byte[] command = new byte[7];
        HistoryCommands.WriteRequest(command, 0x01020304);
        Assert.Equal(Hex("48535401020304"), command);
    }

    [Fact]
    public void H2_acknowledge_with_big_endian_time()
    {
        byte[] command = new byte[7];
        HistoryCommands.WriteAcknowledge(command, 0x01020304);
        Assert.Equal(Hex("484F4B01020304"), command);
    }

    [Fact]
    public void Capture_request_time_encodes_as_in_the_capture()
    {
        Assert.Equal(Hex("48 53 54 6A C3 C6 45"), HistoryCommands.Request(DateTimeOffset.Parse("2026-10-05T15:46:13Z")));
        Assert.Equal(Hex("48 4F 4B 6A C3 C6 45"), HistoryCommands.Acknowledge(DateTimeOffset.Parse("2026-10-05T15:46:13.9Z")));
    }

    [Fact]
    public void Times_outside_the_device_range_and_short_buffers_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HistoryCommands.Request(DateTimeOffset.Parse("1969-12-31T23:59:59Z")));
        Assert.Throws<ArgumentOutOfRangeException>(() => HistoryCommands.Request(DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue + 1L)));
        Assert.Throws<ArgumentException>(() => HistoryCommands.WriteRequest(new byte[6], 1));
    }
}
