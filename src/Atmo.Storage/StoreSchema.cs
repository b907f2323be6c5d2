using Atmo.Core;
using Atmo.Storage.Encoding;
using LiteDB;

namespace Atmo.Storage;

/// <summary>
/// Names in the database file. One collection per device (<c>m_AABBCCDDEEFF</c>) with one document
/// per UTC hour: <c>{ _id: hours since 1970 (int), b: binary, see <see cref="HourBlock"/> }</c>;
/// and one collection <c>devices</c> with a statistics document per device.
/// </summary>
internal static class StoreSchema
{
    public const string BlobField = "b";
    public const string DeviceCollectionPrefix = "m_";
    public const string StatsCollection = "devices";

    public static string MinuteCollection(MacAddress device) => DeviceCollectionPrefix + device.ToCompactString();

    public static BsonDocument HourDocument(HourBlock block) => new()
    {
        ["_id"] = block.Hour,
        [BlobField] = block.Encode(),
    };
}
