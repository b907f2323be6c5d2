using Atmo.Gateway.Data;

namespace Atmo.Gateway.Tests.Data;

public sealed class DataRequestParserTests
{
    [Theory]
    [InlineData("2023-11-14", 2023, 11, 14)]
    [InlineData("2022-6-1", 2022, 6, 1)]
    [InlineData("2022-06-1", 2022, 6, 1)]
    [InlineData("2024-2-29", 2024, 2, 29)]
    [InlineData("0001-01-01", 1, 1, 1)]
    [InlineData("9999-12-31", 9999, 12, 31)]
    public void Days_parse_padded_or_not(string text, int year, int month, int day)
    {
        Assert.True(DataRequestParser.TryParseDay(text, out DateOnly parsed));
        Assert.Equal(new DateOnly(year, month, day), parsed);
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2023-02-30")]
    [InlineData("2023-04-31")]
    [InlineData("2023-11-14-")]
    [InlineData("2023-011-14")]
    [InlineData("2023-11-014")]
    [InlineData("20231114")]
    [InlineData("+2023-11-14")]
    [InlineData("2023-+1-14")]
    [InlineData(" 2023-11-14")]
    [InlineData("２０２３-１１-１４")]
    [InlineData("")]
    public void Impossible_or_odd_days_do_not_parse(string text)
    {
        Assert.False(DataRequestParser.TryParseDay(text, out _));
    }
}
