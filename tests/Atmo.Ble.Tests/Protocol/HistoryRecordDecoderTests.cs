using Atmo.Ble.Protocol;
using static Atmo.Ble.Tests.Protocol.Support.HistoryWire;

namespace Atmo.Ble.Tests.Protocol;

public sealed class HistoryRecordDecoderTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-10-05T15:09:13Z");

    public static TheoryData<string, string, HistoryRecord> Vectors => new()
    {
        { "H8: every field missing", "80 80 FF FF FF FF FF FF FF FF FF FF FF FF 00 00", new HistoryRecord(T0, null, null, null, null, null, null, null) },
        { "H9: -5 °C in a cold car", "FB 50 D2 04 CD 81 01 00 03 00 05 00 07 00 AB CD", new HistoryRecord(T0, -5, 80, 1234, 98_765, 3, 5, 7) },
        { "capture first record (§4.8)", "80 80 FF FF 61 8E 01 00 01 00 01 00 03 00 00 00", new HistoryRecord(T0, null, null, null, 101_985, 1, 1, 3) },
        { "humidity above 100 is missing", "19 65 00 00 CD 81 01 00 00 00 00 00 00 00 00 00", new HistoryRecord(T0, 25, null, 0, 98_765, 0, 0, 0) },
        { "humidity 100 is kept", "19 64 00 00 CD 81 01 00 00 00 00 00 00 00 00 00", new HistoryRecord(T0, 25, 100, 0, 98_765, 0, 0, 0) },
        { "-127 °C is a value, only 0x80 is the sentinel", "81 00 00 00 00 00 00 00 00 00 00 00 00 00", new HistoryRecord(T0, -127, 0, 0, 0, 0, 0, 0) },
        { "PM off alone", "14 32 10 00 CD 81 01 00 FF FF FF FF FF FF 00 00", new HistoryRecord(T0, 20, 50, 16, 98_765, null, null, null) },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Record_vectors(string name, string hex, HistoryRecord expected) =>
        Assert.True(expected == HistoryRecordDecoder.Decode(Hex(hex), T0), name);

    [Fact]
    public void Fewer_than_fourteen_bytes_throw() =>
        Assert.Throws<ArgumentException>(() => HistoryRecordDecoder.Decode(new byte[13], T0));

    [Fact]
    public void Random_valid_records_round_trip_through_the_test_encoder()
    {
        const int seed = 20261126;
        var random = new Random(seed);
        for (int i = 0; i < 5_000; i++)
        {
            HistoryRecord record = RandomRecord(random, T0.AddMinutes(i));
            int size = random.Next(HistoryRecordDecoder.KnownLength, 33);
            byte[] bytes = Record(record, size, extra: (byte)random.Next(256));
            HistoryRecord decoded = HistoryRecordDecoder.Decode(bytes, record.Time);
            Assert.True(record == decoded, $"seed {seed}, case {i}: {record} ≠ {decoded} ({Convert.ToHexString(bytes)})");
        }
    }

    /// <summary>Any value the device can express, each field missing one time in five.</summary>
    public static HistoryRecord RandomRecord(Random random, DateTimeOffset time)
    {
        int? Maybe(int min, int maxExclusive) => random.Next(5) == 0 ? null : random.Next(min, maxExclusive);
        return new HistoryRecord(
            time,
            TemperatureC: Maybe(-127, 128),
            HumidityPercent: Maybe(0, 101),
            VocPpb: Maybe(0, 0xFFFF),
            PressurePa: Maybe(0, int.MaxValue),
            Pm1: Maybe(0, 0xFFFF),
            Pm25: Maybe(0, 0xFFFF),
            Pm10: Maybe(0, 0xFFFF));
    }
}
