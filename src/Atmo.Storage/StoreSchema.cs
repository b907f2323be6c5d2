using Atmo.Storage.Encoding;
using LiteDB;

namespace Atmo.Storage;

/// <summary>
/// Names and keys in the database file (docs/storage.md, "On disk"). Every device's minutes live in one
/// collection, so the file's header holds a fixed handful of collection names whatever the number of devices:
/// <list type="bullet">
/// <item><c>minutes</c>: one document per device and UTC hour, <c>{ _id: HourKey(device number, hour) (long), b: binary, see <see cref="HourBlock"/> }</c>;
/// and below every device's keys (device number 0), the change feed's entries keyed by their sequence
/// (<see cref="Feed.ChangeEntry"/>): in the collection a commit writes anyway, an entry costs about one page
/// instead of three (docs/storage.md, "Wear budget");</item>
/// <item><c>devices</c>: one statistics document per device, with its number (<see cref="DeviceCounters"/>);</item>
/// <item><c>cursors</c>: the change feed's consumers' cursors; <c>meta</c>: the recovery probe's document.</item>
/// </list>
/// Files written before this layout kept one collection per device (<c>m_AABBCCDDEEFF</c>, keyed by hour);
/// <see cref="Migration.LayoutMigration"/> moves them into <c>minutes</c>.
/// </summary>
internal static class StoreSchema
{
    public const string Minutes = "minutes";
    public const string Devices = "devices";
    public const string Cursors = "cursors";
    public const string Meta = "meta";
    public const string BlobField = "b";

    /// <summary>The per-device collections of the earlier layout: <c>m_</c> and the MAC's 12 hex digits.</summary>
    public const string LegacyDevicePrefix = "m_";

    /// <summary>Device numbers start at 1, so every key of the layout is at least 2³² and above every key of the earlier layout's hour documents (an int).</summary>
    public const int FirstDeviceNumber = 1;

    /// <summary>The key of a device's hour: its number in the high 32 bits, the hour since 1970 in the low 32, so one device's hours are one key range in time order.</summary>
    public static long HourKey(int deviceNumber, int hour) => ((long)deviceNumber << 32) | (uint)hour;

    public static int HourOfKey(long key) => (int)(key & uint.MaxValue);

    /// <summary>Every key of an hour document lies at or above this; the change feed's entries below.</summary>
    public static long FirstKey => HourKey(FirstDeviceNumber, 0);

    /// <summary>The change feed's entries after <paramref name="sequence"/> (sequences run from 1 to 2³² − 1).</summary>
    public static BsonExpression FeedEntriesAfter(long sequence) => Query.Between("_id", sequence + 1, FirstKey - 1);

    public static BsonDocument HourDocument(int deviceNumber, HourBlock block) => new()
    {
        ["_id"] = HourKey(deviceNumber, block.Hour),
        [BlobField] = block.Encode(),
    };
}
