namespace Atmo.Core;

/// <summary>
/// The minute store: one record per device per UTC minute. Implementations are thread-safe and
/// every successful <see cref="Write"/> is durable when it returns.
/// </summary>
/// <remarks>
/// Precedence (design.md, "The data model"):
/// a history or cloud record replaces a live one; live replaces live;
/// history and cloud never overwrite each other or themselves (first one wins) and a different
/// value is counted as a disagreement; writing identical data again changes nothing.
/// A history batch that repeats, by content, stored history shifted by one or two minutes
/// (the device re-sent it with a shifted time base) is recognised and skipped.
/// </remarks>
public interface IMinuteStore
{
    /// <summary>
    /// Writes the batch in one transaction: all of it or none of it. Records must have
    /// UTC minute-start times; otherwise <see cref="ArgumentException"/> and nothing is written.
    /// </summary>
    WriteResult Write(IReadOnlyCollection<MinuteRecord> batch);

    /// <summary>Records of one device in a time range, ordered, with offset/limit and the total before paging.</summary>
    MinutePage Query(MinuteQuery query);

    /// <summary>Start times of the stored minutes of a device in [from, to), ascending.</summary>
    IReadOnlyList<DateTime> StoredMinutes(MacAddress device, DateTime from, DateTime to);

    /// <summary>Every device with at least one stored minute.</summary>
    IReadOnlyList<MacAddress> Devices();

    /// <summary>First/last stored minute, counts by source, and disagreements counted so far.</summary>
    DeviceStats GetStats(MacAddress device);

    /// <summary>The newest stored minute over all devices, or null when the store is empty (clock sanity).</summary>
    DateTime? NewestMinute();

    /// <summary>Deletes every minute older than <paramref name="cutoff"/>; returns how many.</summary>
    long DeleteOlderThan(DateTime cutoff);
}

public enum SortOrder
{
    Ascending,
    Descending,
}

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

/// <param name="Total">Records matching the range before offset and limit.</param>
public sealed record MinutePage(int Total, IReadOnlyList<MinuteRecord> Items);

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
}

public sealed record Disagreement(MinuteRecord Stored, MinuteRecord Incoming);

public sealed record DeviceStats(
    MacAddress Device,
    DateTime? FirstMinute,
    DateTime? LastMinute,
    long Live,
    long History,
    long Cloud,
    long Disagreements);
