using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Atmo.Core;
using Atmo.Storage.Encoding;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace Atmo.Storage.Migration;

/// <summary>
/// Moves a file of the earlier layout (one collection <c>m_AABBCCDDEEFF</c> per device, its hour documents keyed
/// by hour) into the one-collection layout of <see cref="StoreSchema"/>, in place, at the first start of this
/// release. Crash-safe: every step is a committed transaction (fsynced) or an atomic rename that a restart can
/// redo or skip, so a SIGKILL or power cut at any moment, then a start, finishes it with every minute intact.
/// </summary>
/// <remarks>
/// A file at the earlier layout's cap (≈ 400 devices) has no room in its header for the name <c>minutes</c>
/// (LiteDB checks the room before it would free an old name, so not even a rename fits), so the first device's
/// hours wait in the existing <c>devices</c> collection, under their new (numeric) keys, until its collection is
/// dropped. The steps, each resumable:
/// <list type="number">
/// <item>every device gets its number in its <c>devices</c> document (a device whose collection has no such
/// document gets one, counted from its hours), and, while <c>minutes</c> does not exist yet, the first device
/// is marked <c>s</c>; one transaction;</item>
/// <item>the marked device's hours are copied into <c>devices</c> under their new keys, then its collection is
/// dropped;</item>
/// <item>those hours move from <c>devices</c> into <c>minutes</c> (created now, in the room the drop freed) in
/// chunks, each one transaction; then the mark is cleared;</item>
/// <item>every other device's collection is copied into <c>minutes</c> in chunks, then dropped.</item>
/// </list>
/// Copies are upserts of the same blob under the same key, so redoing a step after a crash changes nothing.
/// </remarks>
internal sealed class LayoutMigration(StoreConnection connection, string path, ILogger logger)
{
    /// <summary>Hour documents per transaction.</summary>
    public const int ChunkSize = 1000;

    private const string StashedField = "s";

    /// <summary>Progress is logged at every this many percent.</summary>
    private const int ProgressStep = 10;

    private readonly LiteDatabase _database = connection.Database;
    private readonly Stopwatch _elapsed = new();
    private long _total;
    private long _done;
    private int _nextProgress = ProgressStep;
    private int _deviceIndex;
    private int _deviceCount;

    public static bool IsLegacyCollection(string name) =>
        name.StartsWith(StoreSchema.LegacyDevicePrefix, StringComparison.Ordinal) && name.Length == StoreSchema.LegacyDevicePrefix.Length + 12;

    public void RunIfNeeded()
    {
        List<string> legacy = [.. _database.GetCollectionNames().Where(IsLegacyCollection).Order(StringComparer.Ordinal)];
        var devices = _database.GetCollection(StoreSchema.Devices).FindAll()
            .Where(document => document["_id"].IsString)
            .ToDictionary(document => MacAddress.Parse(document["_id"].AsString));
        MacAddress? stashed = devices.Values.Where(document => document[StashedField].IsBoolean)
            .Select(document => (MacAddress?)MacAddress.Parse(document["_id"].AsString)).FirstOrDefault();
        if (legacy.Count == 0 && stashed is null)
            return;

        _elapsed.Start();
        NumberDevices(legacy, devices, ref stashed);
        _total = legacy.Sum(name => (long)_database.GetCollection(name).Count()) + StashCount();
        long minutes = devices.Values.Select(DeviceCounters.FromDocument).Sum(counters => counters.Total);
        _deviceCount = legacy.Count + (stashed is { } s && !legacy.Contains(CollectionOf(s)) ? 1 : 0);
        Log.MigrationStarted(logger, path, _total, minutes, _deviceCount);

        if (stashed is { } first)
        {
            _deviceIndex++;
            string firstCollection = CollectionOf(first);
            int number = devices[first]["n"].AsInt32;
            if (legacy.Remove(firstCollection))
            {
                // Counted again when it moves on into minutes.
                _total += _database.GetCollection(firstCollection).Count();
                Copy(firstCollection, StoreSchema.Devices, number);
                _database.DropCollection(firstCollection);
                connection.Sync.AfterCommit();
            }

            MoveStash(devices[first]);
        }

        foreach (string name in legacy)
        {
            _deviceIndex++;
            Copy(name, StoreSchema.Minutes, devices[ParseDevice(name)]["n"].AsInt32);
            _database.DropCollection(name);
            connection.Sync.AfterCommit();
        }

        connection.Database.Checkpoint();
        double seconds = _elapsed.Elapsed.TotalSeconds;
        Log.MigrationDone(logger, minutes, _deviceCount, seconds, seconds > 0 ? minutes / seconds : 0);
    }

    /// <summary>Step 1: numbers for every device, a counters document for a collection without one, and the mark of the device whose hours wait in <c>devices</c>.</summary>
    private void NumberDevices(List<string> legacy, Dictionary<MacAddress, BsonDocument> devices, ref MacAddress? stashed)
    {
        var changed = new HashSet<BsonDocument>(ReferenceEqualityComparer.Instance);
        foreach (string name in legacy)
        {
            MacAddress device = ParseDevice(name);
            if (!devices.ContainsKey(device))
            {
                BsonDocument counted = CountHours(device, _database.GetCollection(name)).ToDocument();
                devices[device] = counted;
                changed.Add(counted);
            }
        }

        int next = devices.Values.Select(document => document["n"].IsInt32 ? document["n"].AsInt32 : 0).Append(StoreSchema.FirstDeviceNumber - 1).Max();
        foreach (BsonDocument document in devices.Values.OrderBy(document => document["_id"].AsString, StringComparer.Ordinal))
        {
            if (document["n"].IsInt32 && document["n"].AsInt32 >= StoreSchema.FirstDeviceNumber)
                continue;
            document["n"] = ++next;
            changed.Add(document);
        }

        if (stashed is null && legacy.Count > 0 && !_database.CollectionExists(StoreSchema.Minutes))
        {
            MacAddress first = ParseDevice(legacy[0]);
            devices[first][StashedField] = true;
            changed.Add(devices[first]);
            stashed = first;
        }

        if (changed.Count == 0)
            return;
        connection.InTransaction(() => _database.GetCollection(StoreSchema.Devices).Upsert(changed));
        connection.Sync.AfterCommit();
    }

    /// <summary>Step 3: the first device's hours (the numeric keys in <c>devices</c>) move into <c>minutes</c>, then its mark is cleared.</summary>
    private void MoveStash(BsonDocument counters)
    {
        ILiteCollection<BsonDocument> stash = _database.GetCollection(StoreSchema.Devices);
        ILiteCollection<BsonDocument> minutes = _database.GetCollection(StoreSchema.Minutes);
        while (true)
        {
            List<BsonDocument> chunk = [.. stash.Query().Where(StashKeys()).OrderBy("_id").Limit(ChunkSize).ToEnumerable()];
            if (chunk.Count == 0)
                break;
            connection.InTransaction(() =>
            {
                minutes.Upsert(chunk);
                foreach (BsonDocument hour in chunk)
                    stash.Delete(hour["_id"]);
            });
            connection.Sync.AfterCommit();
            Progress(chunk.Count);
        }

        counters.Remove(StashedField);
        connection.InTransaction(() => stash.Upsert(counters));
        connection.Sync.AfterCommit();
    }

    /// <summary>Steps 2 and 4: a device's collection copied in chunks into <paramref name="target"/> under its new keys.</summary>
    private void Copy(string name, string target, int number)
    {
        ILiteCollection<BsonDocument> source = _database.GetCollection(name);
        ILiteCollection<BsonDocument> destination = _database.GetCollection(target);
        BsonValue after = BsonValue.MinValue;
        while (true)
        {
            List<BsonDocument> chunk = [.. source.Query().Where(LiteDB.Query.GT("_id", after)).OrderBy("_id").Limit(ChunkSize).ToEnumerable()];
            if (chunk.Count == 0)
                break;
            connection.InTransaction(() => destination.Upsert(chunk.Select(document => Rekeyed(number, document))));
            connection.Sync.AfterCommit();
            after = chunk[^1]["_id"];
            Progress(chunk.Count);
        }
    }

    private static BsonDocument Rekeyed(int number, BsonDocument legacy) => new()
    {
        ["_id"] = StoreSchema.HourKey(number, legacy["_id"].AsInt32),
        [StoreSchema.BlobField] = legacy[StoreSchema.BlobField],
    };

    /// <summary>The hour documents waiting in <c>devices</c>: numeric keys (device documents have the MAC as key; LiteDB orders strings after numbers).</summary>
    private static BsonExpression StashKeys() => LiteDB.Query.Between("_id", StoreSchema.FirstKey, long.MaxValue);

    private long StashCount() => _database.GetCollection(StoreSchema.Devices).Count(StashKeys());

    private void Progress(int moved)
    {
        _done += moved;
        double percent = _total == 0 ? 100 : 100.0 * _done / _total;
        if (percent < _nextProgress)
            return;
        _nextProgress = ((int)percent / ProgressStep + 1) * ProgressStep;
        Log.MigrationProgress(logger, _done, _total, percent, _deviceIndex, _deviceCount);
    }

    /// <summary>Counters of a collection that has no statistics document (not expected, but its minutes must not be lost).</summary>
    private static DeviceCounters CountHours(MacAddress device, ILiteCollection<BsonDocument> collection)
    {
        var counters = new DeviceCounters { Device = device };
        foreach (BsonDocument document in collection.FindAll())
        {
            int hour = document["_id"].AsInt32;
            var block = HourBlock.Decode(hour, document[StoreSchema.BlobField].AsBinary);
            for (ulong rest = block.Presence; rest != 0; rest &= rest - 1)
            {
                int slot = BitOperations.TrailingZeroCount(rest);
                counters.Insert(block.SourceAt(slot), MinuteClock.FirstMinuteOf(hour) + slot);
                if (block.DisagreementCountedAt(slot))
                    counters.Disagreements++;
            }
        }

        return counters;
    }

    private static string CollectionOf(MacAddress device) => StoreSchema.LegacyDevicePrefix + device.ToCompactString();

    private static MacAddress ParseDevice(string collection) =>
        MacAddress.TryParse(collection[StoreSchema.LegacyDevicePrefix.Length..], out MacAddress device)
            ? device
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The collection '{collection}' is not a device of the earlier layout."));
}
