using Atmo.Simulator.Devices;

namespace Atmo.Simulator.Tests.Devices;

// Vectors from the protocol document (§8) — the emulator must produce the bytes real units send.
public class AtmotubeEncodingTests
{
    [Fact]
    public void Advertising_base_matches_the_official_example_A1()
    {
        var v = new LiveValues(217, 0xF498, 43, 25, 101319, 0x41, 53, true, 4, 5, 6);

        Assert.Equal(Convert.FromHexString("00D9F4982B1900018BC74135"), AtmotubeEncoding.AdvertisingBase(v));
    }

    [Fact]
    public void Advertising_pm_is_big_endian_whole_micrograms_with_firmware_bytes()
    {
        var v = new LiveValues(217, 0xF498, 43, 25, 101319, 0x41, 53, true, 4, 5, 6);

        Assert.Equal(Convert.FromHexString("00040005000674051E"), AtmotubeEncoding.AdvertisingPm(v));
        Assert.Equal(Convert.FromHexString("FFFFFFFFFFFF74051E"), AtmotubeEncoding.AdvertisingPm(v with { PmOn = false }));
    }

    [Fact]
    public void Gatt_bme280_matches_G4()
    {
        var v = new LiveValues(0, 0, 45, 22.47, 98765, 0x41, 50, true, 0, 0, 0);

        Assert.Equal(Convert.FromHexString("2D16CD810100C708"), AtmotubeEncoding.GattBme280(v));
    }

    [Fact]
    public void Gatt_pm_is_u24_little_endian_hundredths_or_all_FF_when_off()
    {
        var v = new LiveValues(0, 0, 45, 22, 98765, 0x41, 50, true, 1.00, 1.63, 2.27);

        Assert.Equal(Convert.FromHexString("640000A30000E30000"), AtmotubeEncoding.GattPm(v)[..9]);
        Assert.All(AtmotubeEncoding.GattPm(v with { PmOn = false }), b => Assert.Equal(0xFF, b));
        Assert.Equal(Convert.FromHexString("02000000"), AtmotubeEncoding.GattVoc(v with { VocPpb = 2 }));
    }

    [Fact]
    public void History_record_matches_H9_and_H8()
    {
        var h9 = new HistoryValues(-5, 80, 1234, 98765, 3, 5, 7);
        var h8 = new HistoryValues(null, null, null, null, null, null, null);

        Assert.Equal(Convert.FromHexString("FB50D204CD8101000300050007000000"), AtmotubeEncoding.HistoryRecord(h9));
        Assert.Equal(Convert.FromHexString("8080FFFFFFFFFFFFFFFFFFFFFFFF0000"), AtmotubeEncoding.HistoryRecord(h8));
    }

    [Fact]
    public void Header_and_data_packets_follow_the_capture_layout()
    {
        Assert.Equal(Convert.FromHexString("4854006AC3BD992510"), AtmotubeEncoding.HistoryHeader(0x6AC3BD99, 37));
        byte[] data = AtmotubeEncoding.HistoryData(30, Enumerable.Repeat(new byte[16], 15));
        Assert.Equal(244, data.Length);
        Assert.Equal(Convert.FromHexString("4844001E"), data[..4]);
    }

    [Theory]
    [InlineData(23, 1)]
    [InlineData(247, 15)]
    [InlineData(185, 11)]
    [InlineData(10, 1)]
    public void Records_per_packet_follow_the_mtu(int mtu, int records) =>
        Assert.Equal(records, AtmotubeEncoding.RecordsPerPacket(mtu));

    [Fact]
    public void Commands_H1_and_H2_parse_with_big_endian_time()
    {
        Assert.True(AtmotubeEncoding.TryParseCommand(Convert.FromHexString("48535401020304"), out string tag, out uint time));
        Assert.Equal(("HST", 0x01020304u), (tag, time));
        Assert.True(AtmotubeEncoding.TryParseCommand(Convert.FromHexString("484F4B01020304"), out tag, out time));
        Assert.Equal(("HOK", 0x01020304u), (tag, time));
        Assert.False(AtmotubeEncoding.TryParseCommand(Convert.FromHexString("485354010203"), out _, out _));
        Assert.False(AtmotubeEncoding.TryParseCommand(Convert.FromHexString("58585801020304"), out _, out _));
    }
}
