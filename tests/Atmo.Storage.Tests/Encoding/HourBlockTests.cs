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
        HourBlock decoded = HourBlock.Decode(493_000, blob);

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
}
