namespace Atmo.Core;

/// <param name="From">Inclusive lower bound (UTC).</param>
/// <param name="To">Exclusive upper bound (UTC).</param>
/// <param name="Limit">Null: every record of the range.</param>
public sealed record MinuteQuery(
    MacAddress Device,
    DateTime From,
    DateTime To,
    SortOrder Order = SortOrder.Descending,
    int Offset = 0,
    int? Limit = null);
