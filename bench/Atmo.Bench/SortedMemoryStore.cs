using Atmo.Core;

namespace Atmo.Bench;

/// <summary>
/// An in-memory <see cref="IMinuteStore"/> with binary-searched, time-sorted arrays per device: a
/// store that costs next to nothing, so a benchmark over it measures the HTTP API alone.
/// </summary>
public sealed class SortedMemoryStore : IMinuteStore
{
    private readonly Dictionary<MacAddress, StoredMinute[]> _byDevice;

    public SortedMemoryStore(IEnumerable<MinuteRecord> records) =>
        _byDevice = records.GroupBy(r => r.Device).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Time).Select(StoredMinute.Of).ToArray());

    public MinutePage Query(MinuteQuery query) => StreamQuery(query).ToPage(query.Device);

    public MinuteStream StreamQuery(MinuteQuery query)
    {
        if (!_byDevice.TryGetValue(query.Device, out StoredMinute[]? all))
            return MinuteStream.Empty;
        int from = LowerBound(all, query.From);
        int to = LowerBound(all, query.To);
        int total = to - from;
        int take = Math.Max(0, Math.Min(query.Limit ?? int.MaxValue, total - Math.Min(total, query.Offset)));
        return new MinuteStream(total, Page(all, query.Order == SortOrder.Ascending ? from + query.Offset : to - 1 - query.Offset, take, query.Order));
    }

    private static IEnumerable<StoredMinute> Page(StoredMinute[] all, int first, int take, SortOrder order)
    {
        int step = order == SortOrder.Ascending ? 1 : -1;
        for (int i = 0; i < take; i++)
            yield return all[first + i * step];
    }

    private static int LowerBound(StoredMinute[] records, DateTime time)
    {
        int low = 0, high = records.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (records[middle].Time < time)
                low = middle + 1;
            else
                high = middle;
        }

        return low;
    }

    public WriteResult Write(IReadOnlyCollection<MinuteRecord> batch) => throw new NotSupportedException();
    public IReadOnlyList<DateTime> StoredMinutes(MacAddress device, DateTime from, DateTime to) => throw new NotSupportedException();
    public IReadOnlyList<MacAddress> Devices() => [.. _byDevice.Keys];
    public DeviceStats GetStats(MacAddress device) => throw new NotSupportedException();
    public DateTime? NewestMinute() => null;
    public long DeleteOlderThan(DateTime cutoff) => 0;
}
