using Atmo.Core.Operations;

namespace Atmo.Gateway.Health;

public sealed record ReadinessReport(IReadOnlyList<KeyValuePair<string, CheckResult>> Checks, IReadOnlyList<DeviceFreshness>? Devices)
{
    public bool Ready => Checks.All(c => c.Value.Status != CheckStatus.Fail);
}
