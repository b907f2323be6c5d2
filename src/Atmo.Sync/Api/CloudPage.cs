using Atmo.Core;

namespace Atmo.Sync.Api;

/// <summary>Records parsed from one response or file, de-duplicated by minute (first one kept).</summary>
/// <param name="Total">The envelope's <c>total</c> (records matching before offset/limit), or null when absent.</param>
/// <param name="ItemCount">Items in the body, before rejection and de-duplication (for paging).</param>
public sealed record CloudPage(
    int? Total,
    int ItemCount,
    IReadOnlyList<MinuteRecord> Records,
    IReadOnlyList<RejectedRecord> Rejected,
    int Duplicates);
