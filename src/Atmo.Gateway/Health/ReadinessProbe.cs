using Atmo.Core;
using Atmo.Core.Operations;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Health;

/// <summary>Runs every <see cref="IReadinessCheck"/>; ready unless one fails.</summary>
public sealed class ReadinessProbe(
    IEnumerable<IReadinessCheck> checks, IMinuteStore store, TimeProvider timeProvider, IOptions<HealthOptions> options)
{
    private readonly IReadinessCheck[] _checks = [.. checks];

    public async Task<ReadinessReport> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<KeyValuePair<string, CheckResult>>();
        foreach (IReadinessCheck check in _checks)
        {
            CheckResult result;
            try
            {
                result = await check.CheckAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                result = CheckResult.Fail($"the check itself failed ({exception.GetType().Name}); see the log");
            }

            results.Add(new(check.Name, result));
        }

        if (!results.Exists(r => r.Key == ReadinessChecks.Bluetooth))
            results.Add(new(ReadinessChecks.Bluetooth, CheckResult.Unknown("not configured: no Bluetooth collector runs in this process")));

        IReadOnlyList<DeviceFreshness>? devices = null;
        if (options.Value.ShowDevices)
        {
            DateTime now = timeProvider.GetUtcNow().UtcDateTime;
            devices = [.. store.Devices().Select(mac => store.GetStats(mac)).Select(s =>
                new DeviceFreshness(s.Device, s.LastMinute, s.LastMinute is { } last ? (long)(now - last).TotalMinutes : null))];
        }

        return new ReadinessReport(results, devices);
    }
}
