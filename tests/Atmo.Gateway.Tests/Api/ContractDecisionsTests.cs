using Atmo.Gateway.Api;
using Atmo.Gateway.Data;

namespace Atmo.Gateway.Tests.Api;

public sealed class ContractDecisionsTests
{
    [Theory]
    [InlineData(0, 0, 60)]
    [InlineData(0, 1, 60)]      // 59.999 s left: rounded up
    [InlineData(45, 300, 15)]
    [InlineData(45, 0, 15)]
    [InlineData(59, 0, 1)]
    [InlineData(59, 999, 1)]    // 1 ms left: at least 1
    public void Retry_after_is_whole_seconds_to_the_next_minute_rounded_up(int second, int millisecond, int expected)
    {
        var now = new DateTimeOffset(2024, 1, 1, 10, 7, second, millisecond, TimeSpan.Zero);

        Assert.Equal(expected, ContractDecisions.RetryAfterSeconds(now));
    }

    [Fact]
    public void Retry_after_counts_in_utc_whatever_the_offset()
    {
        var now = new DateTimeOffset(2024, 1, 1, 10, 7, 45, TimeSpan.FromMinutes(330)); // +05:30

        Assert.Equal(15, ContractDecisions.RetryAfterSeconds(now));
    }

    [Fact]
    public void Effective_limit_is_the_given_one_else_100_without_dates_else_everything()
    {
        Assert.Equal(100, ContractDecisions.EffectiveLimit(null, datesGiven: false));
        Assert.Null(ContractDecisions.EffectiveLimit(null, datesGiven: true));
        Assert.Equal(5, ContractDecisions.EffectiveLimit(5, datesGiven: true));
        Assert.Equal(1440, ContractDecisions.EffectiveLimit(1440, datesGiven: false));
    }

    [Fact]
    public void Start_date_alone_near_the_end_of_the_calendar_does_not_overflow()
    {
        var start = new DateOnly(9999, 12, 30);

        Assert.True(ContractDecisions.TryResolveDays(null, start, null, new DateOnly(9999, 12, 31), out DayRange? days, out _));
        Assert.Equal(new DayRange(start, new DateOnly(9999, 12, 31)), days);
        Assert.Equal(DayRange.EndOfTime, days!.Value.To);
    }

    [Fact]
    public void No_date_at_all_resolves_to_no_range()
    {
        Assert.True(ContractDecisions.TryResolveDays(null, null, null, new DateOnly(2024, 1, 1), out DayRange? days, out string? error));
        Assert.Null(days);
        Assert.Null(error);
    }
}
