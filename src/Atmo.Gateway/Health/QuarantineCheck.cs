using Atmo.Collector.Options;
using Atmo.Core;
using Atmo.Core.Operations;
using Atmo.Core.TimeBase;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Health;

/// <summary>
/// The "history_quarantine" check of <c>/readyz</c>: a warning (never a failure: everything else works, so the status
/// stays 200) naming each device with quarantined history until <c>atmo-edge quarantine apply</c> stores it. Devices
/// are named by their configured name; by MAC only with <see cref="HealthOptions.ShowDevices"/>, as everywhere on
/// this unauthenticated endpoint.
/// </summary>
public sealed class QuarantineCheck(IHistoryQuarantine quarantine, IOptions<HealthOptions> health, IOptions<CollectorOptions> collector) : IReadinessCheck
{
    public const string CheckName = "history_quarantine";

    public string Name => CheckName;

    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<QuarantineSummary> devices = quarantine.Summary();
        if (devices.Count == 0)
            return ValueTask.FromResult(CheckResult.Ok("empty"));
        IReadOnlyDictionary<MacAddress, DeviceOptions> configured = collector.Value.DevicesByAddress();
        int unnamed = 0;
        string detail = string.Join("; ", devices.Select(d => $"{Label(d.Device)}: {d.Minutes} minutes in {d.Batches} batches"))
            + " kept for untrustworthy record times; see 'atmo-edge quarantine list'";
        return ValueTask.FromResult(CheckResult.Warn(detail));

        string Label(MacAddress device)
        {
            string? name = configured.TryGetValue(device, out DeviceOptions? options) ? options.Name : null;
            if (health.Value.ShowDevices)
                return name is null ? device.ToString() : $"{name} ({device})";
            return name ?? $"unnamed device {++unnamed}";
        }
    }
}
