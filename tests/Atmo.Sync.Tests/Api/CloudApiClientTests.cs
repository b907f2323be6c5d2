using Atmo.CloudDouble;
using Atmo.Core;
using Atmo.Sync.Api;
using Atmo.Sync.Tests.Support;
using Atmo.Testing;

namespace Atmo.Sync.Tests.Api;

public class CloudApiClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly MacAddress Device = Records.Device(1);
    private static readonly DateOnly Start = new(2026, 11, 10);
    private static readonly DateOnly End = new(2026, 11, 17);

    private static async Task<SyncHarness> WithEightFullDays()
    {
        SyncHarness h = await SyncHarness.StartAsync(Now);
        var from = Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        h.Cloud.Data.Add(Records.Minutes(from, from.AddDays(8)).Select(t => Records.Make(Device, t, MinuteSource.Cloud)));
        return h;
    }

    [Theory]
    [InlineData(null, false, false, 1)]     // contract: no limit on a range returns all of it
    [InlineData(1440, false, false, 8)]     // the service pages at 1440 and says total
    [InlineData(1000, false, true, 12)]     // no total: page while pages stay full (the 12th is short)
    [InlineData(100, true, false, 1)]       // limit ignored on ranges (January 2024 behaviour)
    public async Task Pages_with_offset_until_everything_is_read(int? pageCap, bool limitIgnored, bool omitTotal, int requests)
    {
        await using SyncHarness h = await WithEightFullDays();
        h.Cloud.Faults.PageCap = limitIgnored ? null : pageCap;
        h.Cloud.Faults.LimitIgnoredOnRanges = limitIgnored;
        h.Cloud.Faults.OmitTotal = omitTotal;

        CloudRangeResult result = await h.RunAsync(() => h.CreateClient().FetchRangeAsync(Device, Start, End, CancellationToken.None));

        Assert.Equal(8 * 1440, result.Records.Count);
        Assert.Equal(8 * 1440, result.Records.Select(r => r.Time).Distinct().Count());
        Assert.All(result.Records, r => Assert.Equal(MinuteSource.Cloud, r.Source));
        Assert.Equal(requests, h.Cloud.RequestLog.Count);
        Assert.Equal(requests, result.Pages);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_on_the_time_provider()
    {
        await using SyncHarness h = await WithEightFullDays();
        h.Cloud.Faults.ServerErrorBurst = 2;

        CloudRangeResult result = await h.RunAsync(() => h.CreateClient().FetchRangeAsync(Device, Start, End, CancellationToken.None));

        IReadOnlyList<CloudRequestLogEntry> log = h.Cloud.RequestLog;
        Assert.Equal([500, 500, 200], log.Select(e => e.Status));
        Assert.True(log[1].Time > log[0].Time && log[2].Time > log[1].Time, "jittered back-off delays, in virtual time");
        Assert.Equal(8 * 1440, result.Records.Count);
    }

    [Fact]
    public async Task A_slow_response_times_out_on_the_time_provider_and_is_retried()
    {
        await using SyncHarness h = await WithEightFullDays();
        h.Cloud.Faults.SlowResponse = TimeSpan.FromSeconds(45);       // longer than the 30 s attempt timeout
        h.Cloud.Faults.SlowResponseCount = 1;

        CloudRangeResult result = await h.RunAsync(() => h.CreateClient().FetchRangeAsync(Device, Start, End, CancellationToken.None));

        IReadOnlyList<CloudRequestLogEntry> log = h.Cloud.RequestLog;
        Assert.Equal([0, 200], log.Select(e => e.Status));              // the first one was abandoned unanswered
        Assert.InRange(log[1].Time - log[0].Time, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(45));
        Assert.Equal(8 * 1440, result.Records.Count);
        Assert.Contains(h.Logs.Lines(), l => l.Contains("Cloud request failed", StringComparison.Ordinal) && l.Contains("timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_key_is_a_typed_error_without_the_key()
    {
        await using SyncHarness h = await SyncHarness.StartAsync(Now, new Dictionary<string, string?> { ["Cloud:ApiKey"] = "wrong-key-123" });

        CloudAuthException e = await Assert.ThrowsAsync<CloudAuthException>(
            () => h.RunAsync(() => h.CreateClient().FetchRangeAsync(Device, Start, End, CancellationToken.None)));

        Assert.Contains("HTTP 401", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key-123", e.Message + h.Logs.AllText(), StringComparison.Ordinal);
        Assert.Single(h.Cloud.RequestLog);                              // not retried
    }

    [Fact]
    public async Task An_unknown_device_is_an_empty_answer()
    {
        await using SyncHarness h = await WithEightFullDays();
        CloudRangeResult result = await h.RunAsync(() => h.CreateClient().FetchRangeAsync(Records.Device(99), Start, End, CancellationToken.None));
        Assert.Empty(result.Records);
        Assert.Equal(1, result.Pages);
    }

    [Fact]
    public async Task Ranges_longer_than_eight_days_are_refused_before_any_request()
    {
        await using SyncHarness h = await WithEightFullDays();
        await Assert.ThrowsAsync<ArgumentException>(() => h.CreateClient().FetchRangeAsync(Device, Start, End.AddDays(1), CancellationToken.None));
        Assert.Empty(h.Cloud.RequestLog);
    }
}
