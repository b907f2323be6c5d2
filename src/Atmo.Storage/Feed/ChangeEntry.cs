using Atmo.Core;
using Atmo.Storage.Encoding;
using LiteDB;

namespace Atmo.Storage.Feed;

/// <summary>
/// An entry of the change feed, a document of the <c>minutes</c> collection below every device's keys
/// (<see cref="StoreSchema.FeedEntriesAfter"/>): the minutes of one device, within one UTC day, that one commit
/// inserted or replaced. <c>{ _id: sequence (long), d: MAC (long), t: commit time (ms since 1970), f: first
/// minute (minutes since 1970), m: binary, bit i (LSB first) = minute f + i changed }</c>. A day holds at most
/// 1,440 minutes, so an entry is at most 180 bytes of mask (a live minute: 1 byte, an hourly history batch: 8).
/// </summary>
internal static class ChangeEntry
{
    private const int MinutesPerDay = 1440;
    private const string DeviceField = "d";
    private const string CommittedField = "t";
    private const string FirstField = "f";
    private const string MaskField = "m";

    /// <summary>The entries for one device's changed minutes (ascending), one per UTC day, numbered from <paramref name="sequence"/> + 1.</summary>
    public static IEnumerable<BsonDocument> Create(MacAddress device, IReadOnlyCollection<long> minutes, DateTimeOffset committed, ref long sequence)
    {
        var entries = new List<BsonDocument>();
        long committedMs = committed.ToUnixTimeMilliseconds();
        foreach (IGrouping<long, long> day in minutes.GroupBy(minute => minute / MinutesPerDay))
        {
            long first = day.First();
            long last = day.Last();
            byte[] mask = new byte[(int)((last - first) / 8) + 1];
            foreach (long minute in day)
                mask[(minute - first) / 8] |= (byte)(1 << (int)((minute - first) % 8));
            entries.Add(new BsonDocument
            {
                ["_id"] = ++sequence,
                [DeviceField] = (long)device.Value,
                [CommittedField] = committedMs,
                [FirstField] = first,
                [MaskField] = mask,
            });
        }

        return entries;
    }

    public static long SequenceOf(BsonDocument entry) => entry["_id"].AsInt64;

    public static DateTimeOffset CommittedOf(BsonDocument entry) => DateTimeOffset.FromUnixTimeMilliseconds(entry[CommittedField].AsInt64);

    public static MinuteChange ToChange(BsonDocument entry) => new(
        SequenceOf(entry),
        new MacAddress((ulong)entry[DeviceField].AsInt64),
        CommittedOf(entry),
        [.. Minutes(entry).Select(MinuteClock.ToTime)]);

    /// <summary>The changed minutes of the entry, ascending.</summary>
    public static IEnumerable<long> Minutes(BsonDocument entry)
    {
        long first = entry[FirstField].AsInt64;
        byte[] mask = entry[MaskField].AsBinary;
        for (int i = 0; i < mask.Length * 8; i++)
        {
            if ((mask[i / 8] & (1 << (i % 8))) != 0)
                yield return first + i;
        }
    }
}
