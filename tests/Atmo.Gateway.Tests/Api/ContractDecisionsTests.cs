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

    [Theory]
    [InlineData(null, 100)]
    [InlineData(1, 1)]
    [InlineData(1440, 1440)]
    public void Without_dates_the_limit_is_the_given_one_else_100_whatever_the_setting(int? given, int expected)
    {
        foreach (LimitWithDatesRule rule in Enum.GetValues<LimitWithDatesRule>())
            Assert.Equal(expected, ContractDecisions.EffectiveLimit(given, datesGiven: false, rule));
    }

    [Theory]
    [InlineData(LimitWithDatesRule.Cloud, null, null)]
    [InlineData(LimitWithDatesRule.Cloud, 50, null)]
    [InlineData(LimitWithDatesRule.Cloud, 1440, null)]
    [InlineData(LimitWithDatesRule.Cloud, 1441, 1441)]
    [InlineData(LimitWithDatesRule.Cloud, 2000, 2000)]
    [InlineData(LimitWithDatesRule.Apply, null, null)]
    [InlineData(LimitWithDatesRule.Apply, 50, 50)]
    [InlineData(LimitWithDatesRule.Apply, 2000, 2000)]
    [InlineData(LimitWithDatesRule.Ignore, null, null)]
    [InlineData(LimitWithDatesRule.Ignore, 50, null)]
    [InlineData(LimitWithDatesRule.Ignore, 2000, null)]
    public void With_dates_the_limit_follows_the_setting(LimitWithDatesRule rule, int? given, int? expected)
    {
        Assert.Equal(expected, ContractDecisions.EffectiveLimit(given, datesGiven: true, rule));
    }

    [Fact]
    public void The_largest_limit_is_1440_without_dates_and_any_with_dates()
    {
        Assert.Equal(1440, ContractDecisions.MaxLimit(datesGiven: false));
        Assert.Equal(int.MaxValue, ContractDecisions.MaxLimit(datesGiven: true));
    }

    [Theory]
    [InlineData("cloud", LimitWithDatesRule.Cloud)]
    [InlineData("Apply", LimitWithDatesRule.Apply)]
    [InlineData(" IGNORE ", LimitWithDatesRule.Ignore)]
    public void The_setting_names_parse_in_any_case(string text, LimitWithDatesRule expected)
    {
        Assert.True(LimitWithDatesRules.TryParse(text, out LimitWithDatesRule rule));
        Assert.Equal(expected, rule);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("clouds")]
    public void Other_setting_values_do_not_parse(string? text)
    {
        Assert.False(LimitWithDatesRules.TryParse(text, out _));
    }

    [Fact]
    public void A_future_end_date_within_7_days_of_the_start_is_accepted()
    {
        var today = new DateOnly(2023, 11, 15);

        Assert.True(ContractDecisions.TryResolveDays(null, today.AddDays(-2), today.AddDays(1), today, out DayRange? days, out _));
        Assert.Equal(new DayRange(today.AddDays(-2), today.AddDays(1)), days);
        Assert.True(ContractDecisions.TryResolveDays(today.AddDays(3), null, null, today, out days, out _));
        Assert.Equal(new DayRange(today.AddDays(3), today.AddDays(3)), days);
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
