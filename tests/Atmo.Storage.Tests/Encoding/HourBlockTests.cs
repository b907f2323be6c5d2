using Atmo.Core;
using Atmo.Storage.Encoding;

namespace Atmo.Storage.Tests.Encoding;

public sealed class HourBlockTests
{
    private static readonly MacAddress Device = MacAddress.Parse("01:02:03:04:05:06");

    [Fact]
    public void EncodeDecode_RoundTripsSourcesMasksValuesAndFlags()
    {
        var block = new HourBlock(493_000);
        block.Set(0, MinuteSource.Live, 0b1_1111_1111, [1, 2, 3, 4, 5, 6, 7, int.MaxValue, int.MinValue]);
        block.Set(59, MinuteSource.Cloud, 0b0000_0001, [-1241, 0, 0, 0, 0, 0, 0, 0, 0]);
        block.Set(30, MinuteSource.History, 0, new int[9]);
        block.MarkDisagreementCounted(59);

        byte[] blob = block.Encode();
        var decoded = HourBlock.Decode(493_000, blob);

        Assert.Equal(9 + (3 + 36) + (3 + 4) + 3, blob.Length);
        Assert.Equal(block.Presence, decoded.Presence);
        Assert.Equal(3, decoded.Count);
        Assert.Equal(MinuteSource.Cloud, decoded.SourceAt(59));
        Assert.True(decoded.DisagreementCountedAt(59));
        Assert.False(decoded.DisagreementCountedAt(0));
        Assert.True(decoded.HasSameValues(0, 0b1_1111_1111, [1, 2, 3, 4, 5, 6, 7, int.MaxValue, int.MinValue]));
        Assert.Equal(-1.241, decoded.ToRecord(Device, 59).Voc);
        Assert.Null(decoded.ToRecord(Device, 59).T);
        Assert.Equal(new DateTime(2026, 3, 29, 16, 30, 0, DateTimeKind.Utc), decoded.ToRecord(Device, 30).Time);
    }

    [Fact]
    public void Set_KeepsTheDisagreementMarkOfTheMinute()
    {
        var block = new HourBlock(1);
        block.Set(5, MinuteSource.Live, 1, [1, 0, 0, 0, 0, 0, 0, 0, 0]);
        block.MarkDisagreementCounted(5);

        block.Set(5, MinuteSource.History, 1, [2, 0, 0, 0, 0, 0, 0, 0, 0]);

        Assert.True(block.DisagreementCountedAt(5));
        Assert.Equal(MinuteSource.History, block.SourceAt(5));
    }

    [Fact]
    public void Decode_RejectsAnUnknownFormatOrATruncatedBlob()
    {
        var block = new HourBlock(7);
        block.Set(1, MinuteSource.Live, 0b11, [5, 6, 0, 0, 0, 0, 0, 0, 0]);
        byte[] blob = block.Encode();

        Assert.Throws<InvalidDataException>(() => HourBlock.Decode(7, blob[..^1]));
        blob[0] = 99;
        Assert.Throws<InvalidDataException>(() => HourBlock.Decode(7, blob));
    }

    [Fact]
    public void ABlockWithoutExactValues_IsFormat1ByteForByte()
    {
        var block = new HourBlock(7);
        block.Set(1, MinuteSource.Cloud, 0b11, [5, 6, 0, 0, 0, 0, 0, 0, 0]);

        byte[] blob = block.Encode();

        Assert.Equal(HourBlock.FormatVersion, blob[0]);
        Assert.Equal([1, 2, 0, 0, 0, 0, 0, 0, 0, 2, 3, 0, 5, 0, 0, 0, 6, 0, 0, 0], blob);
    }

    [Fact]
    public void ExactValues_FollowTheirMinute_InFormat2_AndRoundTrip()
    {
        double[] exact = [0, 0, 0, 0, 0, 0, 0, 36.17102679826757, -115.09123299153981];
        var block = new HourBlock(493_000);
        block.Set(3, MinuteSource.History, 0b1, [100, 0, 0, 0, 0, 0, 0, 0, 0]);
        block.Set(4, MinuteSource.Cloud, 0b1_1000_0001, [9899, 0, 0, 0, 0, 0, 0, 361710268, -1150912330], 0b1_1000_0000, exact);
        block.MarkDisagreementCounted(4);

        byte[] blob = block.Encode();
        var decoded = HourBlock.Decode(493_000, blob);

        Assert.Equal(HourBlock.ExactFormatVersion, blob[0]);
        Assert.Equal(9 + (3 + 4) + (3 + 12 + 2 + 16), blob.Length);
        Assert.True(decoded.HasExactValues(4));
        Assert.False(decoded.HasExactValues(3));
        Assert.True(decoded.DisagreementCountedAt(4));
        Assert.Equal(MinuteSource.Cloud, decoded.SourceAt(4));
        Assert.True(decoded.HasSameValues(4, 0b1_1000_0001, [9899, 0, 0, 0, 0, 0, 0, 361710268, -1150912330]));
        var minute = decoded.ToStoredMinute(4);
        Assert.Equal((9.899, 36.17102679826757, -115.09123299153981), (minute.Voc, minute.Latitude, minute.Longitude));
        Assert.Equal(0.1, decoded.ToStoredMinute(3).Voc);
        Assert.Equal(blob, decoded.Encode());
    }

    [Fact]
    public void ReplacingOrRemovingAMinute_DropsItsExactValues_AndTheBlockBecomesFormat1Again()
    {
        var block = new HourBlock(7);
        block.Set(2, MinuteSource.Cloud, 0b1_1000_0000, [0, 0, 0, 0, 0, 0, 0, 1, 2], 0b1_1000_0000, [0, 0, 0, 0, 0, 0, 0, 1e-7 + 1e-12, 2e-7]);
        block.Set(2, MinuteSource.Live, 0b1, [5, 0, 0, 0, 0, 0, 0, 0, 0]);

        Assert.False(block.HasExactValues(2));
        Assert.Equal(HourBlock.FormatVersion, block.Encode()[0]);

        block.Set(3, MinuteSource.Cloud, 0b1_0000_0000, [0, 0, 0, 0, 0, 0, 0, 0, 2], 0b1_0000_0000, [0, 0, 0, 0, 0, 0, 0, 0, 2.5e-7]);
        block.Remove(3);
        Assert.Equal(HourBlock.FormatVersion, block.Encode()[0]);
    }

    [Fact]
    public void Load_ReusesTheBlock_WithoutKeepingTheExactValuesOfThePreviousHour()
    {
        var withExact = new HourBlock(10);
        withExact.Set(0, MinuteSource.Cloud, 0b1_0000_0000, [0, 0, 0, 0, 0, 0, 0, 0, 2], 0b1_0000_0000, [0, 0, 0, 0, 0, 0, 0, 0, 2.5e-7]);
        var plain = new HourBlock(11);
        plain.Set(0, MinuteSource.Cloud, 0b1_0000_0000, [0, 0, 0, 0, 0, 0, 0, 0, 2]);

        var reader = HourBlock.Decode(10, withExact.Encode());
        reader.Load(11, plain.Encode());

        Assert.Equal(11, reader.Hour);
        Assert.False(reader.HasExactValues(0));
        Assert.Equal(2e-7, reader.ToStoredMinute(0).Longitude);
    }

    [Fact]
    public void Decode_RejectsExactValuesInFormat1_OutsideTheMinutesFields_OrTruncated()
    {
        var block = new HourBlock(7);
        block.Set(1, MinuteSource.Cloud, 0b1, [5, 0, 0, 0, 0, 0, 0, 0, 0], 0b1, [0.0051, 0, 0, 0, 0, 0, 0, 0, 0]);
        byte[] blob = block.Encode();
        Assert.Equal(0.0051, HourBlock.Decode(7, blob).ToStoredMinute(1).Voc);

        byte[] asFormat1 = [.. blob];
        asFormat1[0] = HourBlock.FormatVersion;
        byte[] notAField = [.. blob];
        notAField[9 + 3 + 4] = 0b10; // exact mask names pm1, which the minute does not have

        Assert.Throws<InvalidDataException>(() => HourBlock.Decode(7, asFormat1));
        Assert.Throws<InvalidDataException>(() => HourBlock.Decode(7, notAField));
        Assert.Throws<InvalidDataException>(() => HourBlock.Decode(7, blob[..^1]));
    }
}
