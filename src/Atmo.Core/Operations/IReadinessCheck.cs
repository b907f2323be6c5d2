namespace Atmo.Core.Operations;

/// <summary>
/// One line of <c>/readyz</c>. Register implementations as <c>IReadinessCheck</c> singletons
/// (<c>services.AddSingleton&lt;IReadinessCheck, MyCheck&gt;()</c>); the Bluetooth collector plugs in
/// one named <see cref="ReadinessChecks.Bluetooth"/>. Checks must be cheap (a readiness probe may
/// come every few seconds) and must not put secrets or MAC addresses in <see cref="CheckResult.Detail"/>.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>The key under <c>checks</c>, lower case, e.g. <c>bluetooth</c>.</summary>
    string Name { get; }

    ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken);
}
