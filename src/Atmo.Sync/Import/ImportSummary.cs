namespace Atmo.Sync.Import;

/// <summary>What an import did.</summary>
/// <param name="Read">Records (JSON items or CSV rows) in the file.</param>
/// <param name="Inserted">Minutes that were empty before.</param>
/// <param name="ReplacedLive">Live minutes replaced by the file's cloud records.</param>
/// <param name="Unchanged">Records already stored with the same values, or outranked by history/cloud already stored.</param>
/// <param name="DuplicatesInFile">Records repeating a minute already seen in the file (first kept).</param>
/// <param name="Disagreements">Minutes whose stored history/cloud values differ from the file's (stored kept).</param>
/// <param name="Rejected">Records not stored, each with where and why (times before 2016 or later than now + 1 min).</param>
public sealed record ImportSummary(
    string Format,
    int Read,
    int Inserted,
    int ReplacedLive,
    int Unchanged,
    int DuplicatesInFile,
    int Disagreements,
    IReadOnlyList<Api.RejectedRecord> Rejected)
{
    /// <summary>Implausible values dropped by the store's gate (the rest of their minute was imported).</summary>
    public int ValuesDropped { get; init; }
}
