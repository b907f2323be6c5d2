using System.Numerics;
using Atmo.Core;
using Atmo.Storage.Encoding;
using LiteDB;

namespace Atmo.Storage;

public sealed partial class LiteDbMinuteStore
{
    /// <inheritdoc />
    public MinutePage Query(MinuteQuery query) => StreamQuery(query).ToPage(query.Device);

    /// <inheritdoc />
    /// <remarks>
    /// Reads only the device's hour documents of the range (one key range of the shared collection, so the
    /// cost does not grow with the number of devices), in one LiteDB query (one snapshot), and counts
    /// the total from their presence masks; it keeps the compact hour blobs that hold the page
    /// (about 2.3 KB per hour, a fifth of the answer's JSON) and decodes them one hour at a time
    /// as <see cref="MinuteStream.Items"/> is enumerated, after the LiteDB query has ended (LiteDB
    /// transactions belong to a thread; the enumeration may hop threads between awaits). When the
    /// range covers every stored minute of the device (the API's "newest records" request) the
    /// total comes from the statistics and reading stops once the page is full, so the cost does not
    /// grow with the stored history.
    /// </remarks>
    public MinuteStream StreamQuery(MinuteQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query));
        if (query.Limit is < 0)
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "Limit must not be negative.");
        ThrowIfDisposed();

        if (!TryClamp(query.Device, query.From, query.To, out long from, out long to, out DeviceCounters? counters))
            return MinuteStream.Empty;
        return Read(connection => ReadPage(connection, query, counters, from, to));
    }

    private static MinuteStream ReadPage(StoreConnection connection, MinuteQuery query, DeviceCounters counters, long from, long to)
    {
        bool wholeHistory = from == counters.FirstMinute && to == counters.LastMinute + 1;
        bool descending = query.Order == SortOrder.Descending;
        int wanted = query.Limit ?? int.MaxValue;
        int toSkip = query.Offset;
        int total = 0;
        int taken = 0;
        bool stoppedEarly = false;
        var pageHours = new List<PageHour>();

        foreach (BsonDocument document in HourDocuments(connection, counters.Number, from, to, descending))
        {
            if (wholeHistory && taken >= wanted)
            {
                stoppedEarly = true;
                break;
            }

            int hour = StoreSchema.HourOfKey(document["_id"].AsInt64);
            byte[] blob = document[StoreSchema.BlobField].AsBinary;
            ulong present = HourBlock.ReadPresence(hour, blob) & RangeMask(hour, from, to);
            int count = BitOperations.PopCount(present);
            total += count;
            if (toSkip >= count)
            {
                toSkip -= count;
                continue;
            }

            if (taken >= wanted)
                continue;
            ulong slots = toSkip == 0 && wanted - taken >= count ? present : PageSlots(present, descending, ref toSkip, wanted - taken);
            taken += BitOperations.PopCount(slots);
            pageHours.Add(new PageHour(hour, blob, slots));
        }

        return new MinuteStream(stoppedEarly ? (int)counters.Total : total, DecodeHourByHour(pageHours, descending));
    }

    /// <summary>The minutes of <paramref name="present"/> left after skipping <paramref name="toSkip"/> in order, at most <paramref name="room"/>.</summary>
    private static ulong PageSlots(ulong present, bool descending, ref int toSkip, int room)
    {
        ulong slots = 0;
        foreach (int slot in Slots(present, descending))
        {
            if (toSkip > 0)
                toSkip--;
            else if (room-- > 0)
                slots |= 1UL << slot;
        }

        return slots;
    }

    /// <summary>An hour of the page: its stored blob and the minutes of it that the page holds.</summary>
    private readonly record struct PageHour(int Hour, byte[] Blob, ulong Slots);

    private static IEnumerable<StoredMinute> DecodeHourByHour(List<PageHour> pageHours, bool descending)
    {
        var block = new HourBlock(0); // one block, reloaded hour after hour
        foreach (PageHour pageHour in pageHours)
        {
            block.Load(pageHour.Hour, pageHour.Blob);
            foreach (int slot in Slots(pageHour.Slots, descending))
                yield return block.ToStoredMinute(slot);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<DateTime> StoredMinutes(MacAddress device, DateTime from, DateTime to)
    {
        ThrowIfDisposed();
        if (!TryClamp(device, from, to, out long first, out long end, out DeviceCounters? counters))
            return [];
        return Read(connection => MinutesOf(connection, counters.Number, first, end));
    }

    private static List<DateTime> MinutesOf(StoreConnection connection, int deviceNumber, long first, long end)
    {
        var minutes = new List<DateTime>();
        foreach (BsonDocument document in HourDocuments(connection, deviceNumber, first, end, descending: false))
        {
            int hour = StoreSchema.HourOfKey(document["_id"].AsInt64);
            ulong present = HourBlock.ReadPresence(hour, document[StoreSchema.BlobField].AsBinary) & RangeMask(hour, first, end);
            foreach (int slot in Slots(present, descending: false))
                minutes.Add(MinuteClock.ToTime(MinuteClock.FirstMinuteOf(hour) + slot));
        }

        return minutes;
    }

    /// <inheritdoc />
    public IReadOnlyList<MacAddress> Devices()
    {
        ThrowIfDisposed();
        return [.. AllCounters().Where(counters => counters.Total > 0).Select(counters => counters.Device).Order()];
    }

    /// <inheritdoc />
    public DeviceStats GetStats(MacAddress device)
    {
        ThrowIfDisposed();
        return (CountersOf(device) ?? new DeviceCounters { Device = device }).ToStats();
    }

    /// <inheritdoc />
    public DateTime? NewestMinute()
    {
        ThrowIfDisposed();
        long newest = AllCounters().Where(counters => counters.Total > 0).Select(counters => counters.LastMinute).DefaultIfEmpty(-1).Max();
        return newest < 0 ? null : MinuteClock.ToTime(newest);
    }

    /// <summary>[from, to) in whole minutes, narrowed to the device's stored span; false when empty.</summary>
    private bool TryClamp(MacAddress device, DateTime fromTime, DateTime toTime, out long from, out long to, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeviceCounters? counters)
    {
        counters = CountersOf(device);
        from = MinuteClock.CeilingMinute(fromTime);
        to = MinuteClock.CeilingMinute(toTime);
        if (counters is null || counters.Total == 0 || counters.Number == 0)
            return false;
        from = Math.Max(from, counters.FirstMinute);
        to = Math.Min(to, counters.LastMinute + 1);
        return from < to;
    }

    /// <summary>The device's hour documents of the minutes [from, to), in key (time) order.</summary>
    private static IEnumerable<BsonDocument> HourDocuments(StoreConnection connection, int deviceNumber, long from, long to, bool descending)
    {
        BsonExpression range = LiteDB.Query.Between("_id",
            StoreSchema.HourKey(deviceNumber, MinuteClock.HourOf(from)), StoreSchema.HourKey(deviceNumber, MinuteClock.HourOf(to - 1)));
        ILiteQueryable<BsonDocument> query = connection.Minutes.Query().Where(range);
        // Ordering by the indexed _id makes LiteDB walk the index in that order (no sort step).
        return (descending ? query.OrderByDescending("_id") : query.OrderBy("_id")).ToEnumerable();
    }

    /// <summary>Bits of the hour's slots that fall in [from, to).</summary>
    private static ulong RangeMask(int hour, long from, long to)
    {
        long start = MinuteClock.FirstMinuteOf(hour);
        int low = (int)Math.Clamp(from - start, 0, 60);
        int high = (int)Math.Clamp(to - start, 0, 60);
        if (high <= low)
            return 0;
        ulong upTo = high == 64 ? ulong.MaxValue : (1UL << high) - 1;
        return upTo & ~((1UL << low) - 1);
    }

    private static IEnumerable<int> Slots(ulong present, bool descending)
    {
        if (descending)
        {
            for (ulong rest = present; rest != 0; rest &= ~(1UL << (63 - BitOperations.LeadingZeroCount(rest))))
                yield return 63 - BitOperations.LeadingZeroCount(rest);
        }
        else
        {
            for (ulong rest = present; rest != 0; rest &= rest - 1)
                yield return BitOperations.TrailingZeroCount(rest);
        }
    }
}
