using Atmo.Core.Operations;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Core.Tests.Operations;

public sealed class ProgressHeartbeatTests
{
    [Fact]
    public void Has_no_progress_until_the_first_beat_then_the_time_of_the_last()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var heartbeat = new ProgressHeartbeat(time, TimeSpan.FromMinutes(5));
        Assert.Null(heartbeat.LastProgress);

        heartbeat.Beat();
        time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), heartbeat.LastProgress);

        heartbeat.Beat();
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 1, 30, TimeSpan.Zero), heartbeat.LastProgress);
        Assert.Equal(TimeSpan.FromMinutes(5), heartbeat.MaxSilence);
    }
}
