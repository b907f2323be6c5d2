using Atmo.Ble.Protocol;

namespace Atmo.Ble.Tests.Protocol;

public sealed class AtmotubeInfoTests
{
    [Theory]
    [InlineData(AtmotubeInfo.PmOn, 0x01)]
    [InlineData(AtmotubeInfo.Error, 0x02)]
    [InlineData(AtmotubeInfo.Bonded, 0x04)]
    [InlineData(AtmotubeInfo.Charging, 0x08)]
    [InlineData(AtmotubeInfo.ChargingTimer, 0x10)]
    [InlineData(AtmotubeInfo.VocReady, 0x40)]
    public void Masks_follow_the_protocol_document(AtmotubeInfo flag, int mask) => Assert.Equal(mask, (int)flag);

    [Fact]
    public void Documentation_example_0x41_is_pm_on_and_voc_ready_not_charging()
    {
        var info = (AtmotubeInfo)0x41;
        Assert.True(info.HasFlag(AtmotubeInfo.PmOn));
        Assert.True(info.HasFlag(AtmotubeInfo.VocReady));
        Assert.False(info.HasFlag(AtmotubeInfo.Charging));
        Assert.False(info.HasFlag(AtmotubeInfo.ChargingTimer));
    }
}
