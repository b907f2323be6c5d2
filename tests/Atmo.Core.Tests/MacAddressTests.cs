namespace Atmo.Core.Tests;

public class MacAddressTests
{
    [Theory]
    [InlineData("AA:BB:CC:DD:EE:FF")]
    [InlineData("aa:bb:cc:dd:ee:ff")]
    [InlineData("AA-BB-CC-DD-EE-FF")]
    [InlineData("aabbccddeeff")]
    [InlineData(" AA:BB:CC:DD:EE:FF ")]
    public void Accepts_the_documented_forms(string text)
    {
        Assert.True(MacAddress.TryParse(text, out MacAddress mac));
        Assert.Equal("AA:BB:CC:DD:EE:FF", mac.ToString());
        Assert.Equal("AABBCCDDEEFF", mac.ToCompactString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AA:BB:CC:DD:EE")]
    [InlineData("AA:BB-CC:DD:EE:FF")]
    [InlineData("AA:BB:CC:DD:EE:FG")]
    [InlineData("AABBCCDDEEFF00")]
    [InlineData("+ABBCCDDEEFF")]
    [InlineData("AA.BB.CC.DD.EE.FF")]
    public void Rejects_everything_else(string? text)
    {
        Assert.False(MacAddress.TryParse(text, out _));
    }
}
