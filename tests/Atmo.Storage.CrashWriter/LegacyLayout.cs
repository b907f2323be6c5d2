using LiteDB;

namespace Atmo.Storage.CrashWriter;

/// <summary>
/// Turns a closed store file into the earlier layout (one collection <c>m_AABBCCDDEEFF</c> per device, hour
/// documents keyed by the hour as an int, statistics without a device number), the layout every file written
/// before the one-collection release has. The hour blobs are the same in both layouts, so a store filled through
/// the real API and turned back is what the earlier release would have written for the same batches. For the
/// migration's tests and benchmark; the committed fixture <c>layout1-store.litedb</c> is the earlier release's own.
/// </summary>
public static class LegacyLayout
{
    private const int DocumentsPerTransaction = 2000;

    /// <summary>Converts the file at <paramref name="path"/>; returns how many devices it holds.</summary>
    /// <param name="fillHeader">Then adds copies of the last device under new addresses until the file's header has no
    /// room for another device's collection (a file at the earlier layout's device cap), and collections <c>padNNNN</c>
    /// until it has none for a name of the length of <c>minutes</c> either.</param>
    public static int Downgrade(string path, bool fillHeader = false)
    {
        using var database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        ILiteCollection<BsonDocument> devices = database.GetCollection("devices");
        ILiteCollection<BsonDocument> minutes = database.GetCollection("minutes");
        List<BsonDocument> counters = [.. devices.FindAll()];
        foreach (BsonDocument device in counters)
        {
            int number = device["n"].AsInt32;
            string collection = "m_" + device["_id"].AsString;
            List<BsonDocument> hours = [.. minutes.Find(Query.And(Query.GTE("_id", (long)number << 32), Query.LT("_id", ((long)number + 1) << 32)))
                .Select(hour => new BsonDocument { ["_id"] = (int)(hour["_id"].AsInt64 & uint.MaxValue), ["b"] = hour["b"] })];
            foreach (BsonDocument[] chunk in hours.Chunk(DocumentsPerTransaction))
            {
                database.BeginTrans();
                database.GetCollection(collection).Insert(chunk);
                database.Commit();
            }

            device.Remove("n");
            devices.Update(device);
        }

        foreach (string name in new[] { "minutes", "cursors", "meta" })
            database.DropCollection(name);
        int count = counters.Count;
        if (fillHeader && counters.Count > 0)
            count += FillHeader(database, counters[^1]);
        database.Checkpoint();
        return count;
    }

    private static int FillHeader(LiteDatabase database, BsonDocument model)
    {
        int devices = AddDevicesUntilFull(database, model);
        for (int pad = 0; ; pad++)
        {
            try
            {
                database.GetCollection(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pad{pad:D4}")).Insert(new BsonDocument { ["_id"] = 1 });
            }
            catch (LiteException)
            {
                return devices;
            }
        }
    }

    private static int AddDevicesUntilFull(LiteDatabase database, BsonDocument model)
    {
        List<BsonDocument> hours = [.. database.GetCollection("m_" + model["_id"].AsString).FindAll()];
        ulong address = Convert.ToUInt64(model["_id"].AsString, 16);
        for (int added = 0; ; added++)
        {
            string mac = (++address).ToString("X12", System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                database.GetCollection("m_" + mac).Insert(hours);
            }
            catch (LiteException)
            {
                return added;
            }

            var copy = new BsonDocument();
            foreach ((string key, BsonValue value) in model)
                copy[key] = value;
            copy["_id"] = mac;
            database.GetCollection("devices").Insert(copy);
        }
    }
}
