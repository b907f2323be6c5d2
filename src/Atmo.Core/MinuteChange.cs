namespace Atmo.Core;

/// <summary>One entry of the <see cref="IMinuteChangeFeed"/>: minutes of one device that one commit inserted or replaced.</summary>
/// <param name="Sequence">Its number; entries are numbered 1, 2, 3, … in commit order.</param>
/// <param name="Committed">When the commit happened (the store's clock).</param>
/// <param name="Minutes">The changed minutes (UTC minute starts), ascending, all in one UTC day.</param>
public sealed record MinuteChange(long Sequence, MacAddress Device, DateTimeOffset Committed, IReadOnlyList<DateTime> Minutes);
