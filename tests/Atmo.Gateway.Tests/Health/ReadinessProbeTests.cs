using Atmo.Core.Operations;
using Atmo.Gateway.Health;
using Atmo.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Gateway.Tests.Health;

public sealed class ReadinessProbeTests
{
    private sealed class FixedCheck(string name, CheckResult result) : IReadinessCheck
    {
        public string Name => name;
        public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken) => ValueTask.FromResult(result);
    }

    private sealed class ThrowingCheck : IReadinessCheck
    {
        public string Name => "broken";
        public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("secret detail");
    }

    private static ReadinessProbe Probe(params IReadinessCheck[] checks) =>
        new(checks, new InMemoryMinuteStore(), new FakeTimeProvider(), Options.Create(new HealthOptions()));

    [Fact]
    public async Task A_registered_bluetooth_check_replaces_the_not_configured_placeholder_and_a_failure_makes_it_not_ready()
    {
        ReadinessReport report = await Probe(new FixedCheck("bluetooth", CheckResult.Fail("adapter hci0 is powered off; run bluetoothctl power on")))
            .RunAsync(CancellationToken.None);

        Assert.False(report.Ready);
        KeyValuePair<string, CheckResult> bluetooth = Assert.Single(report.Checks, c => c.Key == "bluetooth");
        Assert.Contains("powered off", bluetooth.Value.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warnings_and_unknowns_keep_it_ready()
    {
        ReadinessReport report = await Probe(new FixedCheck("a", CheckResult.Warn("w")), new FixedCheck("b", CheckResult.Unknown("u")))
            .RunAsync(CancellationToken.None);

        Assert.True(report.Ready);
        Assert.Equal(CheckStatus.Unknown, report.Checks.Single(c => c.Key == "bluetooth").Value.Status);
    }

    [Fact]
    public async Task A_check_that_throws_fails_without_leaking_its_message()
    {
        ReadinessReport report = await Probe(new ThrowingCheck()).RunAsync(CancellationToken.None);

        Assert.False(report.Ready);
        CheckResult broken = report.Checks.Single(c => c.Key == "broken").Value;
        Assert.Equal(CheckStatus.Fail, broken.Status);
        Assert.DoesNotContain("secret detail", broken.Detail, StringComparison.Ordinal);
    }
}
