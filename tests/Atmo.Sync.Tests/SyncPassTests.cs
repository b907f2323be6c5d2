using Atmo.CloudDouble;
using Atmo.Core;
using Atmo.Storage;
using Atmo.Sync.Tests.Support;
using Atmo.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Atmo.Sync.Tests;

public class SyncPassTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public async Task Ten_devices_thirty_days_are_filled_with_the_minimum_requests_within_the_rate_limit()
    {
        await using SyncHarness h = await SyncHarness.StartAsync(Start, durability: CommitDurability.ProcessCrashOnly);
        var s = Scenario.Seed(h, devices: 10, days: 30, seed: 42);
        var reports = new List<SyncProgress>();

        SyncSummary summary = await h.RunPassAsync(progress: new SyncProgress<SyncProgress>(reports.Add));

        IReadOnlyList<CloudRequestLogEntry> log = h.Cloud.RequestLog;
        output.WriteLine($"requests {log.Count}, minimum {s.MinimumRanges}, virtual {summary.Duration}, filled {summary.MinutesFilled}");
        Assert.Equal(s.MinimumRanges, summary.RangesPlanned);
        Assert.Equal(s.MinimumRanges, log.Count);
        Assert.All(log, e => Assert.Equal(200, e.Status));
        Assert.True(log.GroupBy(e => MinuteTime.Floor(e.Time)).Max(g => g.Count()) <= 60);
        AssertComplete(h, s);
        Assert.Equal(s.ExpectedMinutes * s.Devices.Count - s.History.Count, summary.MinutesFilled);   // gaps inserted + live replaced
        Assert.Equal(0, h.Status.DaysBackedOff);
        Assert.True(summary.Disagreements > 0);        // the cloud's values differ from history on gap days
        Assert.Contains(h.Logs.Lines(), l => l.Contains("disagree", StringComparison.Ordinal) && l.Contains("kept the stored history", StringComparison.Ordinal));
        Assert.Equal(s.Devices.Count, reports[^1].Devices);
        Assert.Equal(summary.RangesPlanned, reports[^1].RangesDone);
        Assert.Equal(summary.MinutesFilled, reports[^1].MinutesFilled);

        // Half a minute later only today's newest minute is missing: one one-day request per device,
        // answered without data, so today backs off for an hour.
        SyncSummary again = await h.RunPassAsync();
        Assert.Equal(s.Devices.Count, again.RangesPlanned);
        Assert.All(h.Cloud.RequestLog.Skip(s.MinimumRanges), e => Assert.Contains("start_date=2026-11-26&end_date=2026-11-26", e.Query, StringComparison.Ordinal));
        Assert.Equal(0, again.MinutesFilled);
        Assert.Equal(s.Devices.Count, h.Status.DaysBackedOff);
        Assert.Equal(0, (await h.RunPassAsync()).RangesPlanned);
    }

    [Fact]
    public async Task Thirty_minutes_of_rate_limited_paging_stay_under_60_a_minute_and_near_the_floor()
    {
        await using SyncHarness h = await SyncHarness.StartAsync(Start, durability: CommitDurability.ProcessCrashOnly);
        h.Cloud.Faults.PageCap = 100;                    // the service pages at 100 records: many requests
        var s = Scenario.Seed(h, devices: 10, days: 30, seed: 7, gapDayProbability: 0.35);
        int minimum = 0;
        foreach (MacAddress device in s.Devices)
        {
            foreach (Atmo.Sync.Planning.DateRange range in Atmo.Sync.Planning.GapPlanner.Plan(s.GapDays[device]))
            {
                var from = range.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                var to = range.End.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                minimum += (h.Cloud.Data.Range(device, from, to).Count + 99) / 100;
            }
        }

        SyncSummary summary = await h.RunPassAsync(TimeSpan.FromHours(2));

        IReadOnlyList<CloudRequestLogEntry> log = h.Cloud.RequestLog;
        double floorMinutes = log.Count / 60.0;
        double ratio = summary.Duration.TotalMinutes / floorMinutes;
        var perMinute = log.GroupBy(e => MinuteTime.Floor(e.Time)).Select(g => g.Count()).ToList();
        output.WriteLine($"requests {log.Count}, minimum {minimum}, virtual {summary.Duration}, floor {floorMinutes:0.00} min, ratio {ratio:0.000}, busiest minute {perMinute.Max()}");
        Assert.Equal(minimum, log.Count);
        Assert.True(summary.Duration > TimeSpan.FromMinutes(25), $"{summary.Duration}");
        Assert.True(perMinute.Max() <= 60);
        Assert.True(ratio <= 1.1, $"ratio {ratio}");
        Assert.All(log, e => Assert.Equal(200, e.Status));
        AssertComplete(h, s);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_429_storm_is_waited_out_without_lost_or_duplicated_minutes(bool omitRetryAfter)
    {
        await using SyncHarness h = await SyncHarness.StartAsync(Start, Horizon(12));
        var s = Scenario.Seed(h, devices: 3, days: 12, seed: 3);
        h.Cloud.Faults.RateLimitStormUntil = Start.AddMinutes(3);
        h.Cloud.Faults.OmitRetryAfter = omitRetryAfter;

        SyncSummary summary = await h.RunPassAsync();

        IReadOnlyList<CloudRequestLogEntry> log = h.Cloud.RequestLog;
        Assert.Contains(log, e => e.Status == 429);
        Assert.All(log.Where(e => e.Status == 429), e => Assert.True(e.Time < Start.AddMinutes(3)));
        Assert.Equal(s.MinimumRanges, log.Count(e => e.Status == 200));   // each range fetched once
        Assert.True(log.Count(e => e.Status == 429) <= 4, "one try per minute boundary during the storm");
        Assert.True(summary.Duration >= TimeSpan.FromMinutes(2.5));
        Assert.Equal(0, summary.RangesFailed);
        Assert.True(log.GroupBy(e => MinuteTime.Floor(e.Time)).Max(g => g.Count()) <= 60);
        AssertComplete(h, s);
    }

    [Fact]
    public async Task A_five_minute_outage_opens_the_circuit_and_the_next_pass_fills_everything()
    {
        await using SyncHarness h = await SyncHarness.StartAsync(Start, Horizon(20));
        var s = Scenario.Seed(h, devices: 4, days: 20, seed: 11);
        h.Cloud.Faults.OutageUntil = Start.AddMinutes(5);
        await h.Worker.StartAsync(CancellationToken.None);

        await h.RunUntilAsync(() => h.Store.StoredMinutes(s.Devices[^1], s.HorizonStart, s.NowMinute).Count >= s.ExpectedMinutes,
            "every minute filled", TimeSpan.FromHours(2));
        await h.Worker.StopAsync(CancellationToken.None);

        IReadOnlyList<CloudRequestLogEntry> log = h.Cloud.RequestLog;
        int duringOutage = log.Count(e => e.Time < Start.AddMinutes(5));
        output.WriteLine($"requests during the outage {duringOutage}, total {log.Count}");
        Assert.InRange(duringOutage, 5, 6);               // retries, then the breaker stops the pass
        Assert.All(log.Where(e => e.Time < Start.AddMinutes(5)), e => Assert.Equal(503, e.Status));
        Assert.Equal(s.MinimumRanges, log.Count(e => e.Status == 200));
        Assert.Equal("Closed", h.Status.CircuitState);
        Assert.Contains(h.Logs.Lines(), l => l.Contains("looks unreachable", StringComparison.Ordinal));
        Assert.Contains(h.Logs.Lines(), l => l.Contains("Sync pass stopped", StringComparison.Ordinal));
        AssertComplete(h, s);
        // Failures are not "answered without data": only today (its newest minutes, asked by later passes) may back off.
        var state = h.Services.GetRequiredService<Atmo.Sync.Planning.SyncStateStore>();
        Assert.All(s.Devices, d => Assert.All(s.GapDays[d].Where(day => day < DateOnly.FromDateTime(s.NowMinute)), day => Assert.Null(state.Get(d, day))));
    }

    [Theory]
    [InlineData(BodyFault.Html, "HTML page")]
    [InlineData(BodyFault.TruncatedJson, "not valid JSON")]
    [InlineData(BodyFault.WrongTypes, "is a JSON boolean")]
    [InlineData(BodyFault.UnexpectedEnvelope, "unexpected envelope")]
    [InlineData(BodyFault.Oversized, "the body is larger than 8388608 bytes (8 MiB)")]
    public async Task Bad_bodies_leave_the_store_untouched_and_are_reported(BodyFault fault, string reported)
    {
        await using SyncHarness h = await SyncHarness.StartAsync(Start, Horizon(10));
        var s = Scenario.Seed(h, devices: 2, days: 10, seed: 5);
        var before = Snapshot(h, s);
        h.Cloud.Faults.BodyFault = fault;
        h.Cloud.Faults.BodyFaultCount = -1;

        SyncSummary summary = await h.RunPassAsync();

        output.WriteLine(string.Join('\n', summary.Errors));
        Assert.Equal(s.MinimumRanges, summary.RangesFailed);
        Assert.Equal(0, summary.RangesCompleted);
        Assert.Equal(s.MinimumRanges, summary.Errors.Count);
        Assert.All(summary.Errors, e => Assert.Contains(reported, e, StringComparison.Ordinal));
        Assert.All(summary.Errors, e => Assert.DoesNotContain(SyncHarness.ApiKey, e, StringComparison.Ordinal));
        Assert.Equal(before, Snapshot(h, s));
        Assert.Equal(0, h.Status.DaysBackedOff);
        Assert.Equal(s.MinimumRanges, h.Cloud.RequestLog.Count);   // not retried within the pass

        h.Cloud.Faults.BodyFault = BodyFault.None;
        await h.RunPassAsync();
        AssertComplete(h, s);
    }

    [Fact]
    public async Task Implausible_cloud_values_are_dropped_by_the_gate_and_summarised_in_one_warning_per_pass()
    {
        await using SyncHarness h = await SyncHarness.StartAsync(Start, Horizon(10));
        var s = Scenario.Seed(h, devices: 2, days: 10, seed: 6);
        h.Cloud.Faults.BodyFault = BodyFault.Implausible; // every record's VOC is -4 ppm
        h.Cloud.Faults.BodyFaultCount = -1;

        SyncSummary summary = await h.RunPassAsync();

        Assert.True(summary.ValuesDropped > 100, $"{summary.ValuesDropped} values dropped");
        Assert.Equal(0, summary.Rejected);
        Assert.True(summary.MinutesFilled > 100, $"{summary.MinutesFilled} minutes filled");   // the rest of each minute
        List<MinuteRecord> cloud = [.. Snapshot(h, s).Where(r => r.Source == MinuteSource.Cloud)];
        Assert.NotEmpty(cloud);
        Assert.All(cloud, r => Assert.Null(r.Voc));
        var warnings = h.Logs.GetSnapshot().Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("implausible", StringComparison.Ordinal)).ToList();
        Microsoft.Extensions.Logging.Testing.FakeLogRecord warning = Assert.Single(warnings);
        Assert.Contains($"dropped {summary.ValuesDropped} implausible values", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Z: voc", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_key_never_reaches_logs_or_errors_whatever_goes_wrong()
    {
        await using SyncHarness h = await SyncHarness.StartAsync(Start, Horizon(10));
        var s = Scenario.Seed(h, devices: 3, days: 10, seed: 9);
        h.Cloud.Faults.RateLimitStormUntil = Start.AddSeconds(20);
        h.Cloud.Faults.ServerErrorBurst = 2;
        h.Cloud.Faults.BodyFault = BodyFault.Html;
        h.Cloud.Faults.BodyFaultCount = 1;

        SyncSummary first = await h.RunPassAsync();
        h.Cloud.Faults.BodyFault = BodyFault.TruncatedJson;
        h.Cloud.Faults.BodyFaultCount = 1;
        SyncSummary second = await h.RunPassAsync(TimeSpan.FromDays(1));

        string everything = h.Logs.AllText() + string.Join('\n', first.Errors.Concat(second.Errors));
        Assert.Contains("api_key=***", everything, StringComparison.Ordinal);   // URLs are logged, redacted
        Assert.Contains("HTML page", everything, StringComparison.Ordinal);
        Assert.Contains("429", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SyncHarness.ApiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(SyncHarness.ApiKey), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Days_answered_without_data_back_off_1h_6h_24h_and_survive_a_restart()
    {
        MacAddress silent = Records.Device(77);
        await using SyncHarness h = await SyncHarness.StartAsync(Start, configuredDevices: [silent]);

        SyncSummary first = await h.RunPassAsync();
        Assert.Equal(4, first.RangesPlanned);            // 30 days: 8 + 8 + 8 + 6
        Assert.Equal(30, h.Status.DaysBackedOff);

        h.Clock.Advance(TimeSpan.FromMinutes(59));
        SyncSummary early = await h.RunPassAsync();
        Assert.Equal(0, early.RangesPlanned);
        h.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(4, (await h.RunPassAsync()).RangesPlanned);

        h.Build(configuredDevices: [silent]);               // a restart: the state comes from the file
        h.Clock.Advance(TimeSpan.FromHours(5));
        SyncSummary afterRestart = await h.RunPassAsync();
        Assert.Equal(0, afterRestart.RangesPlanned);
        h.Clock.Advance(TimeSpan.FromHours(1.1));
        Assert.Equal(4, (await h.RunPassAsync()).RangesPlanned);
        h.Clock.Advance(TimeSpan.FromHours(23));          // 18:07 the next day: only the new day is asked
        Assert.Equal(1, (await h.RunPassAsync()).RangesPlanned);
        Assert.Contains("start_date=2026-11-27&end_date=2026-11-27", h.Cloud.RequestLog[^1].Query, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(h.Folder.Path, "cloud-sync-state.json")));
    }

    [Fact]
    public async Task Without_a_key_sync_is_off_and_says_so_once()
    {
        await using SyncHarness h = await SyncHarness.StartAsync(Start, new Dictionary<string, string?> { ["Cloud:ApiKey"] = null });
        var worker = (SyncWorker)h.Worker;
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!;                         // returns at once: nothing to do
        SyncSummary summary = await h.Pass.RunAsync();
        await worker.StopAsync(CancellationToken.None);

        Assert.False(summary.Enabled);
        Assert.False(h.Status.Enabled);
        Assert.Empty(h.Cloud.RequestLog);
        Assert.Single(h.Logs.Lines(), l => l.Contains("Cloud sync is off", StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Horizon(int days) => new() { ["Cloud:HorizonDays"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static void AssertComplete(SyncHarness h, Scenario s)
    {
        foreach (MacAddress device in s.Devices)
        {
            MinutePage page = h.Store.Query(new MinuteQuery(device, s.HorizonStart, s.NowMinute, SortOrder.Ascending));
            Assert.Equal(s.ExpectedMinutes, page.Total);
            Assert.Equal(s.ExpectedMinutes, page.Items.Select(r => r.Time).Distinct().Count());
            foreach (MinuteRecord r in page.Items)
            {
                if (s.History.TryGetValue((device, r.Time), out MinuteRecord? history))
                {
                    Assert.Equal(MinuteSource.History, r.Source);    // history is never changed
                    Assert.True(r.HasSameValues(history));
                }
                else
                {
                    Assert.Equal(MinuteSource.Cloud, r.Source);      // gaps and live minutes now hold cloud data
                    Assert.True(r.HasSameValues(Records.Make(device, r.Time, MinuteSource.Cloud, offset: 0.5)));
                }
            }
        }
    }

    private static List<MinuteRecord> Snapshot(SyncHarness h, Scenario s) =>
        [.. s.Devices.SelectMany(d => h.Store.Query(new MinuteQuery(d, s.HorizonStart, s.NowMinute.AddDays(1), SortOrder.Ascending)).Items)];

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool, racing the assertions).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
