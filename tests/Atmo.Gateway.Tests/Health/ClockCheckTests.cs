using Atmo.Core;
using Atmo.Core.Operations;
using Atmo.Gateway.Health;
using Atmo.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Gateway.Tests.Health;

public sealed class ClockCheckTests : IDisposable
{
    /// <summary>A time of the day after the build, so that only the evidence can make the clock look wrong.</summary>
    private static readonly DateTimeOffset Seen = new(BuildInfo.BuildDate!.Value.AddDays(1).ToDateTime(new TimeOnly(8, 30)), TimeSpan.Zero);

    private readonly TempLiteDbStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void A_clock_after_its_latest_sane_reading_and_the_build_is_ok_and_advances_the_evidence()
    {
        _store.Store.ObserveSaneClock(Seen);
        var check = new ClockCheck(_store.Store, new FakeTimeProvider(Seen.AddSeconds(30)));
        Assert.Equal(CheckStatus.Ok, check.Check().Status);
        Assert.Equal(Seen.AddSeconds(30), _store.Store.LatestSaneClock);
    }

    [Fact]
    public void A_clock_that_went_back_past_the_minute_of_its_latest_sane_reading_fails()
    {
        _store.Store.ObserveSaneClock(Seen);
        var check = new ClockCheck(_store.Store, new FakeTimeProvider(Seen.AddMinutes(-1)));
        CheckResult result = check.Check();
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains(Seen.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_minutes_stamped_ahead_never_move_the_clock_check()
    {
        // Stored before the rule existed (or imported), a year ahead: not evidence of the host's clock.
        _store.Store.Write([new MinuteRecord { Device = TestData.ContractDevice, Time = Seen.UtcDateTime.AddYears(1), Source = MinuteSource.History, T = 20 }]);
        var check = new ClockCheck(_store.Store, new FakeTimeProvider(Seen));
        Assert.Equal(CheckStatus.Ok, check.Check().Status);
    }

    [Fact]
    public void A_clock_before_the_build_fails_even_without_evidence()
    {
        DateOnly built = Assert.NotNull(BuildInfo.BuildDate);
        var check = new ClockCheck(_store.Store, new FakeTimeProvider(new DateTimeOffset(built.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        CheckResult result = check.Check();
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("earlier than this build", result.Detail, StringComparison.Ordinal);
        Assert.Null(_store.Store.LatestSaneClock);
    }
}
