namespace Atmo.Core;

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

/// <summary>How a check came out. Only <see cref="Fail"/> makes the gateway not ready.</summary>
public enum CheckStatus
{
    /// <summary>Working.</summary>
    Ok,

    /// <summary>Working, but a person may want to look (e.g. the cloud is unreachable).</summary>
    Warn,

    /// <summary>Not configured or not known yet; does not fail readiness.</summary>
    Unknown,

    /// <summary>Broken: <c>/readyz</c> answers 503.</summary>
    Fail,
}

/// <param name="Detail">A sentence for a person: what is wrong and, when failing, what to do.</param>
public sealed record CheckResult(CheckStatus Status, string Detail)
{
    public static CheckResult Ok(string detail) => new(CheckStatus.Ok, detail);
    public static CheckResult Warn(string detail) => new(CheckStatus.Warn, detail);
    public static CheckResult Unknown(string detail) => new(CheckStatus.Unknown, detail);
    public static CheckResult Fail(string detail) => new(CheckStatus.Fail, detail);
}

/// <summary>The names of the built-in checks.</summary>
public static class ReadinessChecks
{
    public const string Database = "database";
    public const string Bluetooth = "bluetooth";
    public const string Clock = "clock";
    public const string CloudSync = "cloud_sync";
}
