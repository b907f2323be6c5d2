namespace Atmo.Gateway.Api;

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
