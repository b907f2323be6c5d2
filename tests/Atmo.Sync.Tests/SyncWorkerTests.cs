using Atmo.Core;
using Atmo.Sync.Tests.Support;
using Atmo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atmo.Sync.Tests;

public class SyncWorkerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Runs_a_pass_every_interval_and_on_demand()
    {
        MacAddress device = Records.Device(5);
        await using SyncHarness h = await SyncHarness.StartAsync(Start,
            new Dictionary<string, string?> { ["Cloud:IntervalMinutes"] = "15", ["Cloud:HorizonDays"] = "1" }, configuredDevices: [device]);
        var worker = (SyncWorker)h.Worker;
        await worker.StartAsync(CancellationToken.None);

        // Passes at 12:00 and 12:15 and 12:30 (each asks for today: new minutes are missing, but today backs off 1 h).
        await h.RunUntilAsync(() => CountPasses(h) >= 3, "three passes");
        int byInterval = h.Cloud.RequestLog.Count;
        Assert.Equal(Start.AddMinutes(30), h.Clock.GetUtcNow());

        h.Services.GetRequiredService<SyncTrigger>().RequestSync();
        await h.RunUntilAsync(() => CountPasses(h) >= 4, "the pass on demand");
        Assert.Equal(Start.AddMinutes(30), h.Clock.GetUtcNow());   // the on-demand pass did not wait for the interval
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(1, byInterval);                       // today was answered empty at 12:00, backed off until 13:00
        Assert.NotNull(h.Status.LastRunAt);
        Assert.Equal("Closed", h.Status.CircuitState);
    }

    private static int CountPasses(SyncHarness h) => h.Logs.Lines().Count(l => l.Contains("Cloud sync pass done", StringComparison.Ordinal));
}
