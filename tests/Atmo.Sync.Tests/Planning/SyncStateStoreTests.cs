using Atmo.Core;
using Atmo.Sync.Planning;
using Atmo.Sync.Tests.Support;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace Atmo.Sync.Tests.Planning;

public sealed class SyncStateStoreTests : IDisposable
{
    private static readonly MacAddress Device = MacAddress.Parse("C4:F1:2A:00:11:22");
    private static readonly DateOnly Day = new(2026, 11, 20);
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string StatePath => Path.Combine(_folder.Path, "sub", "state.json");

    [Fact]
    public void Back_off_grows_1h_6h_24h_and_gives_up_after_7_days()
    {
        var state = new SyncStateStore(StatePath, NullLogger<SyncStateStore>.Instance);
        Assert.True(state.IsDue(Device, Day, T0));

        state.RecordAnswer(Device, Day, gotNewData: false, T0);
        Assert.False(state.IsDue(Device, Day, T0.AddMinutes(59)));
        Assert.True(state.IsDue(Device, Day, T0.AddHours(1)));

        state.RecordAnswer(Device, Day, false, T0.AddHours(1));
        Assert.False(state.IsDue(Device, Day, T0.AddHours(6.9)));
        Assert.True(state.IsDue(Device, Day, T0.AddHours(7)));

        DateTimeOffset t = T0.AddHours(7);
        for (int i = 0; i < 7; i++)
        {
            state.RecordAnswer(Device, Day, false, t);
            Assert.False(state.IsDue(Device, Day, t.AddHours(23)));
            t = t.AddHours(24);
            Assert.True(state.IsDue(Device, Day, t));
        }
        state.RecordAnswer(Device, Day, false, t);        // 7 days and 7 h after the first empty answer
        Assert.True(state.Get(Device, Day)!.GivenUp);
        Assert.False(state.IsDue(Device, Day, t.AddDays(30)));
    }

    [Fact]
    public void New_data_restarts_the_back_off_and_a_filled_day_is_forgotten()
    {
        var state = new SyncStateStore(StatePath, NullLogger<SyncStateStore>.Instance);
        state.RecordAnswer(Device, Day, false, T0);
        state.RecordAnswer(Device, Day, false, T0.AddHours(1));
        state.RecordAnswer(Device, Day, gotNewData: true, T0.AddHours(7));
        Assert.Equal(1, state.Get(Device, Day)!.EmptyAnswers);
        Assert.True(state.IsDue(Device, Day, T0.AddHours(8)));

        state.Clear(Device, Day);
        Assert.Null(state.Get(Device, Day));
    }

    [Fact]
    public void State_survives_a_restart_through_an_atomic_file_and_old_days_are_pruned()
    {
        var state = new SyncStateStore(StatePath, NullLogger<SyncStateStore>.Instance);
        state.RecordAnswer(Device, Day, false, T0);
        state.RecordAnswer(Device, Day.AddDays(-40), false, T0);
        state.Save();
        Assert.False(File.Exists(StatePath + ".tmp"));

        var reloaded = new SyncStateStore(StatePath, NullLogger<SyncStateStore>.Instance);
        Assert.Equal(state.Get(Device, Day), reloaded.Get(Device, Day));
        reloaded.Prune(Day.AddDays(-30));
        Assert.Equal(1, reloaded.Count);
    }

    [Fact]
    public void A_corrupt_file_is_reported_and_does_not_stop_the_service()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
        File.WriteAllText(StatePath, "{\"version\":1,\"days\":{\"x\":");
        var logger = new FakeLogger<SyncStateStore>();

        var state = new SyncStateStore(StatePath, logger);

        Assert.Equal(0, state.Count);
        Assert.Contains(logger.Collector.Lines(), l => l.Contains("unreadable", StringComparison.Ordinal));
    }
}
