using Atmo.Ble.Protocol;
using Atmo.Ble.Tests.Protocol.Support;
using Atmo.Core;
using static Atmo.Ble.Tests.Protocol.Support.HistoryWire;

namespace Atmo.Ble.Tests.Protocol;

public sealed class AdvertisementDecoderTests
{
    private static readonly MacAddress Address = MacAddress.Parse("EA:4D:01:02:03:04");

    private const string A1Raw =
        "0201060FFFFFFF00D9F4982B1900018BC74135090941544D4F545542451107B48A324AD96ED7AD18489A8E010045DB0CFFFFFF00040005000674051B";

    private const string A1Base = "00D9F4982B1900018BC74135";
    private const string A1Pm = "00040005000674051B";

    private static DeviceAdvertisement Device(string payloadHex, string? name = "ATMOTUBE", string[]? uuids = null, short? rssi = -70) =>
        new(Address, name, uuids ?? [], new Dictionary<ushort, byte[]> { [0xFFFF] = Hex(payloadHex) }, rssi);

    private static AtmotubeAdvertisement Decoded(DeviceAdvertisement device)
    {
        AdvertisementDecodeResult result = AdvertisementDecoder.Decode(device);
        Assert.True(result.Status == AdvertisementStatus.Decoded, result.Problem);
        Assert.Null(result.Problem);
        return result.Advertisement!;
    }

    [Fact]
    public void A1_documentation_raw_packet_decodes_base_and_pm_through_BlueZ_shaped_properties()
    {
        var ad = AdStructures.Parse(Hex(A1Raw));
        Assert.Equal("ATMOTUBE", ad.Name);
        Assert.Equal([AtmotubeUuids.Service], ad.Uuids);
        Assert.Equal([A1Base, A1Pm], ad.ManufacturerData.Select(m => Convert.ToHexString(m.Payload)));
        Assert.All(ad.ManufacturerData, m => Assert.Equal(AtmotubeUuids.CompanyId, m.Company));

        // BlueZ keeps one payload per company ID: whichever arrived last is what we see.
        foreach ((ushort company, byte[] payload) in ad.ManufacturerData)
        {
            var device = new DeviceAdvertisement(Address, ad.Name, ad.Uuids, new Dictionary<ushort, byte[]> { [company] = payload }, -60);
            AtmotubeAdvertisement advertisement = Decoded(device);
            Assert.Equal((Address, (short?)-60), (advertisement.Address, advertisement.Rssi));
            if (payload.Length == 12)
                Assert.Equal(new AdvertisedBase(217, 0xF498, 43, 25, 101_319, AtmotubeInfo.PmOn | AtmotubeInfo.VocReady, 53), advertisement.Base);
            else
                Assert.Equal(new AdvertisedPm(4, 5, 6, "74051B"), advertisement.Pm);
        }
    }

    public static TheoryData<string, string, AdvertisedBase> BaseVectors => new()
    {
        { "A1", A1Base, new AdvertisedBase(217, 0xF498, 43, 25, 101_319, (AtmotubeInfo)0x41, 53) },
        { "A2", "00D9F4982B1900018BCE4135", new AdvertisedBase(217, 0xF498, 43, 25, 101_326, (AtmotubeInfo)0x41, 53) },
        { "A6", "0035323F1615000169924163", new AdvertisedBase(53, 0x323F, 22, 21, 92_562, (AtmotubeInfo)0x41, 99) },
        { "A12: charging bit, battery 78", "00D9F4982B1900018BC7494E", new AdvertisedBase(217, 0xF498, 43, 25, 101_319, (AtmotubeInfo)0x49, 78) },
        { "signed temperature FE = -2", "00D9F4982BFE00018BC74135", new AdvertisedBase(217, 0xF498, 43, -2, 101_319, (AtmotubeInfo)0x41, 53) },
    };

    [Theory]
    [MemberData(nameof(BaseVectors))]
    public void Base_payload_vectors(string name, string payload, AdvertisedBase expected)
    {
        AtmotubeAdvertisement advertisement = Decoded(Device(payload));
        Assert.True(expected == advertisement.Base, name);
        Assert.Null(advertisement.Pm);
    }

    [Fact]
    public void A12_charging_flag_and_battery()
    {
        AdvertisedBase b = Decoded(Device("00D9F4982B1900018BC7494E")).Base!;
        Assert.True(b.Info.HasFlag(AtmotubeInfo.Charging));
        Assert.Equal(78, b.BatteryPercent);
    }

    public static TheoryData<string, string, AdvertisedPm> PmVectors => new()
    {
        { "A1", A1Pm, new AdvertisedPm(4, 5, 6, "74051B") },
        { "A7", "00020003000474051E", new AdvertisedPm(2, 3, 4, "74051E") },
        { "A9: sensor off", "FFFFFFFFFFFF74051E", new AdvertisedPm(null, null, null, "74051E") },
        { "A10", "00010001000274051F", new AdvertisedPm(1, 1, 2, "74051F") },
        { "one field off discards all three", "0001FFFF000274051F", new AdvertisedPm(null, null, null, "74051F") },
    };

    [Theory]
    [MemberData(nameof(PmVectors))]
    public void Pm_payload_vectors(string name, string payload, AdvertisedPm expected)
    {
        AtmotubeAdvertisement advertisement = Decoded(Device(payload));
        Assert.True(expected == advertisement.Pm, name);
        Assert.Equal(expected.Pm1 is null, advertisement.Pm!.PmOff);
        Assert.Null(advertisement.Base);
    }

    [Fact]
    public void A11_combined_21_bytes_decode_base_then_pm()
    {
        AtmotubeAdvertisement advertisement = Decoded(Device(A1Base + A1Pm));
        Assert.Equal(217, advertisement.Base!.VocPpb);
        Assert.Equal(101_319, advertisement.Base.PressurePa);
        Assert.Equal(new AdvertisedPm(4, 5, 6, "74051B"), advertisement.Pm);
    }

    [Theory]
    [InlineData(null, new[] { "DB450001-8E9A-4818-ADD7-6ED94A328AB4" })]
    [InlineData("ATMOTUBE", new string[0])]
    [InlineData("renamed", new[] { "00001800-0000-1000-8000-00805f9b34fb", "db450001-8e9a-4818-add7-6ed94a328ab4" })]
    public void Identity_is_the_name_or_the_service_uuid(string? name, string[] uuids) =>
        Decoded(Device(A1Base, name, uuids));

    [Fact]
    public void Atmocube_with_the_same_company_id_and_a_21_byte_payload_is_not_an_Atmotube()
    {
        // Atmocube: 0xFFFF, little-endian 21-byte scan response, name CUBE_xxxx (§2.4). Same length as "combined".
        DeviceAdvertisement cube = Device("0102030405060708090A0B0C0D0E0F101112131415", name: "CUBE_1A2B");
        AdvertisementDecodeResult result = AdvertisementDecoder.Decode(cube);
        Assert.Equal(AdvertisementStatus.NotAtmotube, result.Status);
        Assert.Null(result.Advertisement);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Some sensor")]
    public void Company_id_alone_is_not_enough(string? name) =>
        Assert.Equal(AdvertisementStatus.NotAtmotube, AdvertisementDecoder.Decode(Device(A1Base, name)).Status);

    [Fact]
    public void A_PRO_2_is_not_decoded_as_a_PRO() =>
        Assert.Equal(AdvertisementStatus.NotAtmotube, AdvertisementDecoder.Decode(Device(A1Base, null, [AtmotubeUuids.Pro2Service])).Status);

    [Theory]
    [InlineData("atmotest3")]
    [InlineData("ATMOTEST")]
    [InlineData("DfuMode")]
    [InlineData("DfuAtmo")]
    [InlineData("DfuAtmoPlus")]
    [InlineData("DfuAtmoPro")]
    public void Factory_and_dfu_names_are_ignored_even_with_the_service_uuid(string name) =>
        Assert.Equal(AdvertisementStatus.IgnoredName, AdvertisementDecoder.Decode(Device(A1Base, name, [AtmotubeUuids.Service])).Status);

    [Fact]
    public void Atmotube_without_manufacturer_data_reports_no_payload()
    {
        var device = new DeviceAdvertisement(Address, "ATMOTUBE", [], new Dictionary<ushort, byte[]> { [0x0059] = Hex(A1Base) }, null);
        Assert.Equal(AdvertisementStatus.NoPayload, AdvertisementDecoder.Decode(device).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00D9F4982B1900018BC741")]
    [InlineData("00D9F4982B1900018BC7413500")]
    [InlineData("00D9F4982B1900018BC7413500D9F4982B1900018BC74135")]
    public void Unknown_lengths_are_reported_with_the_length(string payload)
    {
        AdvertisementDecodeResult result = AdvertisementDecoder.Decode(Device(payload));
        Assert.Equal(AdvertisementStatus.UnknownLength, result.Status);
        Assert.Contains($"length {payload.Length / 2}", result.Problem, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string?> Plausibility => new()
    {
        // base: VOC(2) tag(2) RH T P(4) info batt; the limits are PlausibleValues' (every path's) and battery 0–100 %
        { "RH 100", "00D9F49864190001869F4135", null },
        { "RH 101", "00D9F49865190001869F4135", "humidity (%) 101" },
        { "T 100", "00D9F4982B640001869F4135", null },
        { "T 101", "00D9F4982B650001869F4135", "temperature (°C) 101" },
        { "T -60", "00D9F4982BC40001869F4135", null },
        { "T -61", "00D9F4982BC30001869F4135", "temperature (°C) -61" },
        { "p 300.00 hPa", "00D9F4982B1900007530413F", null },
        { "p 299.99 hPa", "00D9F4982B190000752F413F", "pressure (Pa) 29999" },
        { "p 1200.00 hPa", "00D9F4982B190001D4C0413F", null },
        { "p 1200.01 hPa", "00D9F4982B190001D4C1413F", "pressure (Pa) 120001" },
        { "battery 100", "00D9F4982B1900018BC74164", null },
        { "battery 101", "00D9F4982B1900018BC74165", "battery (%) 101" },
        { "VOC 65534 (the largest a u16 carries is plausible)", "FFFEF4982B1900018BC74135", null },
        // pm: PM1 PM2.5 PM10 FW
        { "PM 10000", "27102710271074051E", null },
        { "PM10 10001", "27102710271174051E", "PM10 10001" },
        { "PM2.5 10001 in a combined payload", A1Base + "0004271100067405 1E".Replace(" ", "", StringComparison.Ordinal), "PM2.5 10001" },
    };

    [Theory]
    [MemberData(nameof(Plausibility))]
    public void An_implausible_value_is_dropped_alone_and_named(string name, string payload, string? dropped)
    {
        AdvertisementDecodeResult result = AdvertisementDecoder.Decode(Device(payload));
        Assert.Equal(AdvertisementStatus.Decoded, result.Status);
        AtmotubeAdvertisement advertisement = result.Advertisement!;
        if (dropped is null)
        {
            Assert.Empty(advertisement.Dropped);
            return;
        }

        Assert.Equal([dropped], advertisement.Dropped);
        // Everything else of the payload is still there: one value of the seven is gone.
        AdvertisedBase? b = advertisement.Base;
        AdvertisedPm? pm = advertisement.Pm;
        int?[] values = [b?.VocPpb, b?.HumidityPercent, b?.TemperatureC, b?.PressurePa, b?.BatteryPercent, pm?.Pm1, pm?.Pm25, pm?.Pm10];
        int present = (b is null ? 0 : 5) + (pm is null ? 0 : 3);
        Assert.True(values.Count(v => v is not null) == present - 1, $"{name}: only the bad value is dropped");
    }

    [Fact]
    public void An_out_of_range_temperature_keeps_voc_pressure_humidity_and_battery()
    {
        // T = 0x7F (127 °C), the rest as in the official example A1.
        AtmotubeAdvertisement advertisement = AdvertisementDecoder.Decode(Device("00D9F4982B7F00018BC74135")).Advertisement!;
        Assert.Equal(new AdvertisedBase(217, 0xF498, 43, null, 101_319, (AtmotubeInfo)0x41, 53), advertisement.Base);
    }
}
