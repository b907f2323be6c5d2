namespace Atmo.Core;

/// <summary>
/// A store's page with the minutes another part holds unstored (<see cref="IUnstoredMinutes"/>), answered as one
/// store holding both would answer it, under the store's precedence: an unstored minute is shown where the store
/// has none (and counts in the total) and replaces a stored live minute; a stored history or cloud minute
/// outranks it. Offset and limit apply to the merged order.
/// </summary>
public static class UnstoredMerge
{
    public static MinuteStream StreamQuery(IMinuteStore store, IUnstoredMinutes? unstored, MinuteQuery query)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<MinuteRecord> held = unstored?.Find(query.Device, query.From, query.To) ?? [];
        if (held.Count == 0)
            return store.StreamQuery(query);

        // What the store holds where unstored minutes are (a short stretch: they wait an hour or two).
        DateTime spanFrom = held[0].Time;
        DateTime spanTo = held[^1].Time.AddMinutes(1);
        var stored = store.Query(new MinuteQuery(query.Device, spanFrom, spanTo, SortOrder.Ascending))
            .Items.ToDictionary(record => record.Time, record => record.Source);
        var added = new List<MinuteRecord>();
        var replacing = new Dictionary<DateTime, MinuteRecord>();
        foreach (MinuteRecord minute in held)
        {
            if (!stored.TryGetValue(minute.Time, out MinuteSource source))
                added.Add(minute);
            else if (!source.IsDeviceAverage())
                replacing[minute.Time] = minute;
        }

        if (added.Count == 0 && replacing.Count == 0)
            return store.StreamQuery(query);

        bool descending = query.Order == SortOrder.Descending;
        if (descending)
            added.Reverse();
        // Rank of an added minute: how many stored minutes come before it in the query's order.
        int storedBeforeSpan = store.StreamQuery(descending
            ? new MinuteQuery(query.Device, spanTo, query.To, SortOrder.Ascending, 0, 0)
            : new MinuteQuery(query.Device, query.From, spanFrom, SortOrder.Ascending, 0, 0)).Total;
        List<DateTime> storedInSpan = [.. stored.Keys.Order()];
        int[] ranks = [.. added.Select(minute => storedBeforeSpan + (descending
            ? storedInSpan.Count(time => time > minute.Time)
            : storedInSpan.Count(time => time < minute.Time)))];

        // Added minute j sits at merged position ranks[j] + j; the page is [offset, offset + limit).
        int offset = query.Offset;
        long end = query.Limit is int limit ? (long)offset + limit : long.MaxValue;
        int addedBefore = 0;
        var inPage = new List<MinuteRecord>();
        for (int j = 0; j < added.Count; j++)
        {
            long position = (long)ranks[j] + j;
            if (position < offset)
                addedBefore++;
            else if (position < end)
                inPage.Add(added[j]);
        }

        int? storedLimit = query.Limit is int l ? l - inPage.Count : null;
        MinuteStream page = store.StreamQuery(query with { Offset = offset - addedBefore, Limit = storedLimit });
        return new MinuteStream(page.Total + added.Count, Interleave(page.Items, inPage, replacing, descending));
    }

    private static IEnumerable<StoredMinute> Interleave(
        IEnumerable<StoredMinute> stored, List<MinuteRecord> added, Dictionary<DateTime, MinuteRecord> replacing, bool descending)
    {
        int next = 0;
        foreach (StoredMinute minute in stored)
        {
            while (next < added.Count && (descending ? added[next].Time > minute.Time : added[next].Time < minute.Time))
                yield return StoredMinute.Of(added[next++]);
            yield return replacing.TryGetValue(minute.Time, out MinuteRecord? live) ? StoredMinute.Of(live) : minute;
        }

        while (next < added.Count)
            yield return StoredMinute.Of(added[next++]);
    }
}
