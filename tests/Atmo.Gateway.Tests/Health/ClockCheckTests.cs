using Atmo.Core;
using Atmo.Core.Operations;
using Atmo.Gateway.Health;
using Atmo.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Gateway.Tests.Health;

public sealed class ClockCheckTests
{
    /// <summary>A minute of the day after the build, so that only the stored data can make the clock look wrong.</summary>
    private static readonly DateTimeOffset Newest = new(BuildInfo.BuildDate!.Value.AddDays(1).ToDateTime(new TimeOnly(8, 30)), TimeSpan.Zero);

    private static InMemoryMinuteStore StoreUpTo(DateTimeOffset newest) =>
        new([new Atmo.Core.MinuteRecord { Device = TestData.ContractDevice, Time = newest.UtcDateTime, Source = Atmo.Core.MinuteSource.Live, T = 20 }]);

    [Fact]
    public void A_clock_after_the_newest_minute_and_the_build_is_ok()
    {
        var check = new ClockCheck(StoreUpTo(Newest), new FakeTimeProvider(Newest.AddSeconds(30)));
        Assert.Equal(CheckStatus.Ok, check.Check().Status);
    }

    [Fact]
    public void A_clock_before_the_newest_stored_minute_fails()
    {
        var check = new ClockCheck(StoreUpTo(Newest), new FakeTimeProvider(Newest.AddMinutes(-1)));
        CheckResult result = check.Check();
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains(Newest.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clock_before_the_build_fails_even_with_an_empty_store()
    {
        DateOnly built = Assert.NotNull(BuildInfo.BuildDate);
        var check = new ClockCheck(new InMemoryMinuteStore(), new FakeTimeProvider(new DateTimeOffset(built.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        CheckResult result = check.Check();
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("earlier than this build", result.Detail, StringComparison.Ordinal);
    }
}
