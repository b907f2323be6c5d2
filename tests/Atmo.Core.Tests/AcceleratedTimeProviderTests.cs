namespace Atmo.Core.Tests;

public class AcceleratedTimeProviderTests
{
    [Fact]
    public void Two_clocks_with_the_same_origin_and_speed_agree_like_two_processes_must()
    {
        var origin = DateTimeOffset.UtcNow.AddSeconds(-10);
        var first = AcceleratedTimeProvider.Parse($"600@{origin:O}")!;
        var second = new AcceleratedTimeProvider(600, origin);

        TimeSpan difference = first.GetUtcNow() - second.GetUtcNow();

        Assert.True(difference.Duration() < TimeSpan.FromSeconds(60), $"clocks differ by {difference}");
        Assert.True(first.GetUtcNow() > origin.AddMinutes(90), "10 s at 600× are 100 minutes");
    }

    [Fact]
    public async Task Timers_fire_at_the_accelerated_pace()
    {
        var clock = new AcceleratedTimeProvider(1000);
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Task.Delay(TimeSpan.FromSeconds(100), clock);

        Assert.InRange(started.Elapsed.TotalSeconds, 0.05, 5);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("0.5")]
    [InlineData("60@yesterday")]
    public void A_malformed_setting_is_refused_with_the_variable_named(string value)
    {
        var error = Assert.Throws<FormatException>(() => AcceleratedTimeProvider.Parse(value));
        Assert.Contains(AcceleratedTimeProvider.EnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_setting_means_no_accelerated_clock() => Assert.Null(AcceleratedTimeProvider.Parse(" "));
}
