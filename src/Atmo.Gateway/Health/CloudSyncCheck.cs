using Atmo.Core.Operations;
using Atmo.Sync;

namespace Atmo.Gateway.Health;

/// <summary>Cloud sync state. The cloud being unreachable is normal in the field: it warns, never fails readiness.</summary>
public sealed class CloudSyncCheck(IServiceProvider services) : IReadinessCheck
{
    public string Name => ReadinessChecks.CloudSync;

    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Check());

    public CheckResult Check()
    {
        if (services.GetService<ISyncStatus>() is not { } sync)
            return CheckResult.Unknown("not configured");
        if (!sync.Enabled)
            return CheckResult.Ok("disabled (no Cloud:ApiKey)");
        string last = sync.LastRunAt is { } at ? $"last pass {at.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z" : "no pass yet";
        if (sync.CircuitState is not "Closed")
            return CheckResult.Warn($"circuit {sync.CircuitState}: the cloud is failing, retrying later; {last}");
        return CheckResult.Ok($"{last}, {sync.MinutesFilled} minutes filled, {sync.RangesPending} ranges pending");
    }
}
