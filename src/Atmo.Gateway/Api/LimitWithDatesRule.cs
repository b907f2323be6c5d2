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
