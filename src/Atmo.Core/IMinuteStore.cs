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

    /// <summary>
    /// The page of <see cref="Query"/> for writing out while it is read: <see cref="MinuteStream.Total"/>
    /// is counted at once, the minutes are decoded only as <see cref="MinuteStream.Items"/> is enumerated,
    /// so a long answer never sits in memory as a whole. Total and items come from one consistent read
    /// of the store; enumerating holds no lock or transaction of the store.
    /// </summary>
    MinuteStream StreamQuery(MinuteQuery query);

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

/// <param name="Total">Records matching the range before offset and limit.</param>
/// <param name="Items">The page in the query's order, produced as it is enumerated; enumerate it once.</param>
public sealed record MinuteStream(int Total, IEnumerable<StoredMinute> Items)
{
    public static readonly MinuteStream Empty = new(0, []);

    /// <summary>The whole page as records of <paramref name="device"/> (for <see cref="IMinuteStore.Query"/>).</summary>
    public MinutePage ToPage(MacAddress device) => new(Total, [.. Items.Select(minute => minute.ToRecord(device))]);

    /// <summary>A page already in memory, as a stream (stores that hold records as objects).</summary>
    public static MinuteStream Of(MinutePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new(page.Total, page.Items.Select(StoredMinute.Of));
    }
}

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
