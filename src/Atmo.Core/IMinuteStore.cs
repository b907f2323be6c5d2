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

    /// <summary>The newest stored minute over all devices, or null when the store is empty (diagnostics; not clock evidence, see IClockEvidence).</summary>
    DateTime? NewestMinute();

    /// <summary>Deletes every minute older than <paramref name="cutoff"/>; returns how many.</summary>
    long DeleteOlderThan(DateTime cutoff);
}
