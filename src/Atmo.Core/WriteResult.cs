namespace Atmo.Core;

/// <param name="Inserted">Minutes that were empty before.</param>
/// <param name="Replaced">Minutes whose record was replaced (live by a device average, or live by live).</param>
/// <param name="Unchanged">Records identical to what was stored, or outranked by it.</param>
/// <param name="ShiftedDuplicates">History records recognised by content as a re-sent, time-shifted copy.</param>
/// <param name="Disagreements">History/cloud pairs for the same minute with different values (the stored one was kept).</param>
public sealed record WriteResult(
    int Inserted,
    int Replaced,
    int Unchanged,
    int ShiftedDuplicates,
    IReadOnlyList<Disagreement> Disagreements)
{
    public static readonly WriteResult Empty = new(0, 0, 0, 0, []);

    /// <summary>Minutes refused by <see cref="Plausibility.PlausibleTime"/> (too early, or later than now + 1 min); nothing stored for them.</summary>
    public int Refused { get; init; }

    /// <summary>Values dropped by <see cref="Plausibility.PlausibleValues"/> (the rest of their minute was stored).</summary>
    public int ValuesDropped { get; init; }
}
