using Atmo.Collector.Status;

namespace Atmo.Collector.Tests.Status;

public class ClockRuleTests
{
    private static readonly DateTimeOffset Build = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_clock_after_the_build_and_the_newest_minute_is_sane()
    {
        ClockSanity clock = ClockRule.Evaluate(Build.AddDays(3), Build.AddDays(3).AddMinutes(-1).UtcDateTime, Build);

        Assert.True(clock.Sane);
        Assert.Null(clock.Reason);
    }

    [Fact]
    public void An_empty_store_only_needs_the_build_date()
    {
        Assert.True(ClockRule.Evaluate(Build.AddSeconds(1), null, Build).Sane);
        Assert.False(ClockRule.Evaluate(Build.AddSeconds(-1), null, Build).Sane);
    }

    [Fact]
    public void A_clock_before_the_build_is_refused_and_says_why()
    {
        ClockSanity clock = ClockRule.Evaluate(new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero), null, Build);

        Assert.False(clock.Sane);
        Assert.Contains("build", clock.Reason);
        Assert.Contains("timedatectl", clock.Reason);
    }

    [Fact]
    public void A_clock_earlier_than_its_own_latest_sane_reading_is_refused_and_says_why()
    {
        DateTimeOffset latest = Build.AddDays(10);
        ClockSanity clock = ClockRule.Evaluate(Build.AddDays(9), latest, Build);

        Assert.False(clock.Sane);
        Assert.Contains("clock went back", clock.Reason);
    }

    [Fact]
    public void A_step_back_within_the_minute_of_the_latest_reading_is_still_sane()
    {
        DateTimeOffset latest = Build.AddDays(10).AddSeconds(50);
        Assert.True(ClockRule.Evaluate(latest.AddSeconds(-45), latest, Build).Sane);
        Assert.False(ClockRule.Evaluate(latest.AddSeconds(-51), latest, Build).Sane);
    }

    [Fact]
    public void The_build_date_comes_from_the_assembly()
    {
        Assert.True(ClockRule.BuildDate > new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True(ClockRule.BuildDate <= TimeProvider.System.GetUtcNow());
    }
}
