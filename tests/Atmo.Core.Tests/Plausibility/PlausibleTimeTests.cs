using Atmo.Core.Plausibility;

namespace Atmo.Core.Tests.Plausibility;

public sealed class PlausibleTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 20, 15, 42, TimeSpan.Zero);

    [Fact]
    public void The_current_minute_and_the_next_are_plausible_the_one_after_is_too_late()
    {
        var current = new DateTime(2026, 12, 6, 20, 15, 0, DateTimeKind.Utc);
        Assert.Equal(MinuteTimeVerdict.Plausible, PlausibleTime.Judge(current, Now));
        Assert.Equal(MinuteTimeVerdict.Plausible, PlausibleTime.Judge(current.AddMinutes(1), Now));
        Assert.Equal(MinuteTimeVerdict.TooLate, PlausibleTime.Judge(current.AddMinutes(2), Now));
        Assert.Equal(current.AddMinutes(1), PlausibleTime.LatestMinute(Now));
    }

    [Fact]
    public void Minutes_before_2016_are_too_early()
    {
        Assert.Equal(MinuteTimeVerdict.TooEarly, PlausibleTime.Judge(new DateTime(2015, 12, 31, 23, 59, 0, DateTimeKind.Utc), Now));
        Assert.True(PlausibleTime.IsPlausible(new DateTime(2016, 1, 1, 0, 0, 0, DateTimeKind.Utc), Now));
    }
}
