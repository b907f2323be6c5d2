namespace Atmo.Core.Operations;

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
