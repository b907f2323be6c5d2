using Atmo.Core.Operations;
using Atmo.Core.TimeBase;

namespace Atmo.Gateway.Health;

/// <summary>
/// The "history_quarantine" check of <c>/readyz</c>: a warning (never a failure: everything else works) naming each
/// device with quarantined history, until <c>atmo-edge quarantine apply</c> stores it.
/// </summary>
public sealed class QuarantineCheck(IHistoryQuarantine quarantine) : IReadinessCheck
{
    public const string CheckName = "history_quarantine";

    public string Name => CheckName;

    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<QuarantineSummary> devices = quarantine.Summary();
        if (devices.Count == 0)
            return ValueTask.FromResult(CheckResult.Ok("empty"));
        string detail = string.Join("; ", devices.Select(d => $"{d.Device}: {d.Minutes} minutes in {d.Batches} batches"))
            + " kept for untrustworthy times; see 'atmo-edge quarantine list'";
        return ValueTask.FromResult(CheckResult.Warn(detail));
    }
}
