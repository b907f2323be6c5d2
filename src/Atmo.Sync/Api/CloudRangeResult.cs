using Atmo.Core;

namespace Atmo.Sync.Api;

/// <summary>What the cloud answered for one device and date range.</summary>
/// <param name="Records">De-duplicated by minute, ascending, within the days asked.</param>
public sealed record CloudRangeResult(
    MacAddress Device,
    DateOnly Start,
    DateOnly End,
    IReadOnlyList<MinuteRecord> Records,
    IReadOnlyList<RejectedRecord> Rejected,
    int Duplicates,
    int OutsideRange,
    int Pages);
