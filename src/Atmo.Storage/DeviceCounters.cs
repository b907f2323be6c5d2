using Atmo.Core;
using Atmo.Storage.Encoding;
using LiteDB;

namespace Atmo.Storage;

/// <summary>
/// The per-device statistics document, kept up to date in the same transaction as the minutes so
/// that <see cref="IMinuteStore.GetStats"/> never scans. Minutes are counted from the Unix epoch.
/// It also holds the device's number, the high half of its hour keys (<see cref="StoreSchema.HourKey"/>).
/// </summary>
internal sealed class DeviceCounters
{
    public required MacAddress Device { get; init; }

    /// <summary>The device's number in the file, from <see cref="StoreSchema.FirstDeviceNumber"/>; 0 only in a file the migration has not numbered yet.</summary>
    public int Number { get; set; }
    public long FirstMinute { get; set; } = long.MaxValue;
    public long LastMinute { get; set; } = long.MinValue;
    public long Live { get; set; }
    public long History { get; set; }
    public long Cloud { get; set; }

    /// <summary>Minutes for which a history/cloud disagreement was seen; kept after retention deletes the minute.</summary>
    public long Disagreements { get; set; }

    public long Total => Live + History + Cloud;

    public DeviceCounters Clone() => (DeviceCounters)MemberwiseClone();

    /// <summary>A minute was inserted.</summary>
    public void Insert(MinuteSource source, long minute)
    {
        Bump(source, 1);
        FirstMinute = Math.Min(FirstMinute, minute);
        LastMinute = Math.Max(LastMinute, minute);
    }

    /// <summary>A stored minute changed source (first and last stay).</summary>
    public void Replace(MinuteSource from, MinuteSource to)
    {
        Bump(from, -1);
        Bump(to, 1);
    }

    /// <summary>A minute was deleted; the caller fixes first/last afterwards.</summary>
    public void Remove(MinuteSource source) => Bump(source, -1);

    private void Bump(MinuteSource source, int delta)
    {
        switch (source)
        {
            case MinuteSource.Live: Live += delta; break;
            case MinuteSource.History: History += delta; break;
            case MinuteSource.Cloud: Cloud += delta; break;
            default: throw new ArgumentOutOfRangeException(nameof(source), source, null);
        }
    }

    public DeviceStats ToStats() => new(
        Device,
        Total == 0 ? null : MinuteClock.ToTime(FirstMinute),
        Total == 0 ? null : MinuteClock.ToTime(LastMinute),
        Live,
        History,
        Cloud,
        Disagreements);

    public BsonDocument ToDocument() => new()
    {
        ["_id"] = Device.ToCompactString(),
        ["n"] = Number,
        ["first"] = Total == 0 ? BsonValue.Null : new BsonValue(FirstMinute),
        ["last"] = Total == 0 ? BsonValue.Null : new BsonValue(LastMinute),
        ["live"] = Live,
        ["history"] = History,
        ["cloud"] = Cloud,
        ["disagreements"] = Disagreements,
    };

    public static DeviceCounters FromDocument(BsonDocument document) => new()
    {
        Device = MacAddress.Parse(document["_id"].AsString),
        Number = document["n"].IsInt32 ? document["n"].AsInt32 : 0,
        FirstMinute = document["first"].IsNull ? long.MaxValue : document["first"].AsInt64,
        LastMinute = document["last"].IsNull ? long.MinValue : document["last"].AsInt64,
        Live = document["live"].AsInt64,
        History = document["history"].AsInt64,
        Cloud = document["cloud"].AsInt64,
        Disagreements = document["disagreements"].AsInt64,
    };
}
