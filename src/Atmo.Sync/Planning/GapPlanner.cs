namespace Atmo.Sync.Planning;

/// <summary>
/// Turns missing minutes into the fewest cloud requests. A request names whole days
/// start_date…end_date (at most 8) and asks for every day inside, so a range may only cover
/// consecutive days that all have gaps ("never ask for a day with no gap"). Under that rule each
/// maximal run of consecutive gap days is independent, and a run of L days needs at least ⌈L/8⌉
/// ranges; cutting it greedily into 8-day pieces reaches that bound, so the plan is minimal.
/// </summary>
public static class GapPlanner
{
    /// <summary>Calendar days one request may span (end − start ≤ 7).</summary>
    public const int MaxRangeDays = 8;

    /// <summary>The fewest ranges that cover exactly <paramref name="gapDays"/> (any order, duplicates ignored).</summary>
    public static IReadOnlyList<DateRange> Plan(IEnumerable<DateOnly> gapDays)
    {
        ArgumentNullException.ThrowIfNull(gapDays);
        var ranges = new List<DateRange>();
        DateOnly? start = null, last = null;
        foreach (DateOnly day in gapDays.Distinct().Order())
        {
            bool continues = last is DateOnly l && day.DayNumber == l.DayNumber + 1 && day.DayNumber - start!.Value.DayNumber < MaxRangeDays;
            if (!continues)
            {
                if (start is DateOnly s)
                    ranges.Add(new DateRange(s, last!.Value));
                start = day;
            }
            last = day;
        }
        if (start is DateOnly first)
            ranges.Add(new DateRange(first, last!.Value));
        return ranges;
    }

    /// <summary>
    /// Missing minutes per UTC day in [<paramref name="horizonStart"/>, <paramref name="end"/>): every minute
    /// of a past day, and minutes up to <paramref name="end"/> (exclusive) of the current partial day.
    /// </summary>
    /// <param name="stored">Stored minute starts in the same interval, ascending (from <c>IMinuteStore.StoredMinutes</c>).</param>
    public static IReadOnlyList<DayGap> MissingByDay(IReadOnlyList<DateTime> stored, DateTime horizonStart, DateTime end)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var gaps = new List<DayGap>();
        int index = 0;
        for (DateTime dayStart = horizonStart.Date; dayStart < end; dayStart = dayStart.AddDays(1))
        {
            DateTime from = dayStart < horizonStart ? horizonStart : dayStart;
            DateTime to = dayStart.AddDays(1) < end ? dayStart.AddDays(1) : end;
            int expected = (int)((to - from).Ticks / TimeSpan.TicksPerMinute);
            int present = 0;
            while (index < stored.Count && stored[index] < to)
            {
                if (stored[index] >= from)
                    present++;
                index++;
            }
            if (present < expected)
                gaps.Add(new DayGap(DateOnly.FromDateTime(dayStart), expected - present));
        }
        return gaps;
    }
}
