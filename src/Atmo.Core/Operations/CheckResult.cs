namespace Atmo.Core.Operations;

/// <param name="Detail">A sentence for a person: what is wrong and, when failing, what to do.</param>
public sealed record CheckResult(CheckStatus Status, string Detail)
{
    public static CheckResult Ok(string detail) => new(CheckStatus.Ok, detail);
    public static CheckResult Warn(string detail) => new(CheckStatus.Warn, detail);
    public static CheckResult Unknown(string detail) => new(CheckStatus.Unknown, detail);
    public static CheckResult Fail(string detail) => new(CheckStatus.Fail, detail);
}
