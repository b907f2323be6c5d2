using Atmo.Core;

namespace Atmo.Storage.Writing;

/// <summary>What a batch did, minute by minute; becomes the <see cref="WriteResult"/>.</summary>
internal sealed class WriteTally
{
    public int Inserted { get; set; }
    public int Replaced { get; set; }
    public int Unchanged { get; set; }
    public int ShiftedDuplicates { get; set; }
    public List<Disagreement> Disagreements { get; } = [];

    public WriteResult ToResult() => new(Inserted, Replaced, Unchanged, ShiftedDuplicates, Disagreements);
}
