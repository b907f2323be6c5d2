using Atmo.Core.Operations;
using Atmo.Gateway.Health;
using Atmo.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Atmo.Gateway.Tests.Health;

public sealed class CloudSyncCheckTests
{
    internal sealed class FakeSyncStatus : ISyncStatus
    {
        public bool Enabled { get; set; } = true;
        public bool Running { get; set; }
        public DateTimeOffset? LastRunAt { get; set; }
        public SyncSummary? LastSummary { get; set; }
        public int RequestsThisMinute { get; set; }
        public string CircuitState { get; set; } = "Closed";
        public long MinutesFilled { get; set; }
        public int RangesPending { get; set; }
        public int DaysBackedOff { get; set; }
    }

    private static CheckResult Check(ISyncStatus? status)
    {
        var services = new ServiceCollection();
        if (status is not null)
            services.AddSingleton(status);
        return new CloudSyncCheck(services.BuildServiceProvider()).Check();
    }

    [Fact]
    public void Without_sync_it_is_unknown() => Assert.Equal(CheckStatus.Unknown, Check(null).Status);

    [Fact]
    public void Disabled_sync_is_ok() => Assert.Equal(CheckStatus.Ok, Check(new FakeSyncStatus { Enabled = false }).Status);

    [Fact]
    public void An_open_circuit_warns_but_does_not_fail()
    {
        CheckResult result = Check(new FakeSyncStatus { CircuitState = "Open" });
        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("circuit Open", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_healthy_sync_reports_its_progress()
    {
        CheckResult result = Check(new FakeSyncStatus { MinutesFilled = 42, LastRunAt = new DateTimeOffset(2023, 11, 15, 12, 0, 0, TimeSpan.Zero) });
        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Contains("42 minutes filled", result.Detail, StringComparison.Ordinal);
        Assert.Contains("2023-11-15T12:00:00Z", result.Detail, StringComparison.Ordinal);
    }
}
