namespace Atmo.Core;

/// <param name="Total">Records matching the range before offset and limit.</param>
public sealed record MinutePage(int Total, IReadOnlyList<MinuteRecord> Items);
