namespace Atmo.Gateway.Api;

/// <summary>
/// What <c>limit</c> does together with <c>date</c> or <c>start_date</c>: the setting
/// <c>Api:LimitWithDates</c>, applied by <see cref="ContractDecisions.EffectiveLimit"/>.
/// docs/api-contract.md says which known client works under which value.
/// </summary>
public enum LimitWithDatesRule
{
    /// <summary>
    /// <c>cloud</c> (default): as the Atmotube Cloud behaved for real clients. A limit up to 1440 is
    /// ignored (every record of the day or range); a larger one is a page size, with <c>offset</c>.
    /// </summary>
    Cloud,

    /// <summary><c>apply</c>: the limit always applies, any value from 1.</summary>
    Apply,

    /// <summary><c>ignore</c>: the limit never applies with dates; every record of the day or range.</summary>
    Ignore,
}

public static class LimitWithDatesRules
{
    /// <summary>The setting's values, in the enum's order.</summary>
    public static readonly string[] Names = ["cloud", "apply", "ignore"];

    /// <summary>One of <see cref="Names"/>, in any case.</summary>
    public static bool TryParse(string? text, out LimitWithDatesRule rule)
    {
        int index = Array.FindIndex(Names, name => string.Equals(name, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        rule = (LimitWithDatesRule)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>A validated setting (<see cref="ApiOptionsValidator"/> rejects anything else at start).</summary>
    public static LimitWithDatesRule Parse(string? text) =>
        TryParse(text, out LimitWithDatesRule rule) ? rule : throw new ArgumentException($"Unknown Api:LimitWithDates '{text}'.", nameof(text));
}
