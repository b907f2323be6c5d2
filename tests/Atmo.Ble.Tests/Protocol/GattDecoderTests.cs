using Atmo.Ble.Protocol;
using static Atmo.Ble.Tests.Protocol.Support.HistoryWire;

namespace Atmo.Ble.Tests.Protocol;

public sealed class GattDecoderTests
{
    [Theory]
    [InlineData("G14", "02000000", 2)]
    [InlineData("G16: 0x0294 as u16 LE", "94020000", 660)]
    [InlineData("PROM capture 262 ppb", "06010000", 262)]
    [InlineData("unsigned, not signed", "FFFF0000", 65535)]
    public void Voc_vectors(string name, string hex, int ppb)
    {
        GattResult<VocReading> result = GattDecoder.DecodeVoc(Hex(hex));
        Assert.True(result.IsDecoded, name);
        Assert.Equal(new VocReading(ppb), result.Value);
    }

    public static TheoryData<string, string, Bme280Reading, double> Bme280Vectors => new()
    {
        { "G2", "0E178A6F01001A09", new Bme280Reading(14, 23, 94_090, 2330), 23.30 },
        { "G3: doc extended temperature 0A0A", "2D16CD8101000A0A", new Bme280Reading(45, 22, 98_765, 2570), 25.70 },
        { "G4", "2D16CD810100C708", new Bme280Reading(45, 22, 98_765, 2247), 22.47 },
        { "G5: coarse byte 0", "2D00CD8B0100BA08", new Bme280Reading(45, 0, 101_325, 2234), 22.34 },
        { "below zero is signed", "2DFBCD8B01000CFE", new Bme280Reading(45, -5, 101_325, -500), -5.00 },
        { "old firmware: 6 bytes, no fine temperature", "2D16CD810100", new Bme280Reading(45, 22, 98_765, null), 22 },
    };

    [Theory]
    [MemberData(nameof(Bme280Vectors))]
    public void Bme280_vectors(string name, string hex, Bme280Reading expected, double temperatureC)
    {
        GattResult<Bme280Reading> result = GattDecoder.DecodeBme280(Hex(hex));
        Assert.True(result.IsDecoded, name);
        Assert.Equal(expected, result.Value);
        Assert.Equal(temperatureC, result.Value.TemperatureC, 10);
    }

    [Fact]
    public void G7_status_charging_pm_on_battery_80()
    {
        GattResult<StatusReading> result = GattDecoder.DecodeStatus(Hex("4950"));
        Assert.True(result.IsDecoded);
        Assert.Equal(80, result.Value.BatteryPercent);
        Assert.Equal(AtmotubeInfo.PmOn | AtmotubeInfo.Charging | AtmotubeInfo.VocReady, result.Value.Info);
    }

    public static TheoryData<string, string, PmReading> PmVectors => new()
    {
        { "G8", "640000A30000E30000640000", new PmReading(100, 163, 227, 100) },
        { "G9", "640000B900004A01006F0000", new PmReading(100, 185, 330, 111) },
        { "G11: doc field AD0300 = 9.41", "AD0300640000640000640000", new PmReading(941, 100, 100, 100) },
        { "G12: PM10 before the 4th value", "640000C800002C0100900100", new PmReading(100, 200, 300, 400) },
        { "G13: sensor off", "FFFFFFFFFFFFFFFFFFFFFFFF", new PmReading(null, null, null, null) },
        { "only the 4th value is off", "640000C800002C0100FFFFFF", new PmReading(100, 200, 300, null) },
    };

    [Theory]
    [MemberData(nameof(PmVectors))]
    public void Pm_vectors(string name, string hex, PmReading expected)
    {
        GattResult<PmReading> result = GattDecoder.DecodePm(Hex(hex));
        Assert.True(result.IsDecoded, name);
        Assert.Equal(expected, result.Value);
        Assert.Equal(expected.Pm1Centi is null, result.Value.SensorOff);
    }

    [Fact]
    public void G11_centi_units_convert_to_micrograms()
    {
        PmReading pm = GattDecoder.DecodePm(Hex("AD0300640000640000640000")).Value;
        Assert.Equal(9.41, AtmotubeUnits.PmFromCenti(pm.Pm1Centi!.Value), 10);
    }

    [Theory]
    [InlineData("voc", 0)]
    [InlineData("voc", 2)]
    [InlineData("voc", 5)]
    [InlineData("bme280", 7)]
    [InlineData("bme280", 9)]
    [InlineData("status", 1)]
    [InlineData("status", 3)]
    [InlineData("pm", 6)]
    [InlineData("pm", 8)]
    [InlineData("pm", 13)]
    public void Unknown_lengths_are_reported_not_thrown(string characteristic, int length)
    {
        byte[] value = new byte[length];
        (bool decoded, string? problem) = characteristic switch
        {
            "voc" => Outcome(GattDecoder.DecodeVoc(value)),
            "bme280" => Outcome(GattDecoder.DecodeBme280(value)),
            "status" => Outcome(GattDecoder.DecodeStatus(value)),
            _ => Outcome(GattDecoder.DecodePm(value)),
        };
        Assert.False(decoded);
        Assert.Equal($"unknown length {length}", problem);
    }

    private static (bool, string?) Outcome<T>(GattResult<T> result)
        where T : struct => (result.IsDecoded, result.Problem);
}
