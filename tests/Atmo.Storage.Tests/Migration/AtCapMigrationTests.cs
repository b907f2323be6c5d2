using Atmo.Core;
using Atmo.Storage.CrashWriter;
using Atmo.Storage.Tests.Support;
using LiteDB;

namespace Atmo.Storage.Tests.Migration;

/// <summary>
/// A file of the earlier layout with as many devices as its header could name (issue 11: the store refused device
/// #398): there is no room for one more collection name, so the migration must not need one.
/// </summary>
public sealed class AtCapMigrationTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_file_at_the_old_device_cap_migrates_and_then_takes_more_devices()
    {
        var model = MacAddress.Parse("AA:BB:CC:00:00:00");
        List<MinuteRecord> hour = Minutes.History(0, 60, model);
        _temp.Store.Write(hour);
        _temp.Store.Dispose();
        int devices = LegacyLayout.Downgrade(_temp.Options.Path, fillHeader: true);
        Assert.InRange(devices, 300, 500);
        AssertHeaderFull(_temp.Options.Path);

        using LiteDbMinuteStore store = _temp.Open();

        IReadOnlyList<MacAddress> stored = store.Devices();
        Assert.Equal(devices, stored.Count);
        Assert.All(stored, device => Assert.Equal(
            hour.Select(record => record with { Device = device }),
            store.Query(new MinuteQuery(device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items));
        // One batch with a known device and two new ones: nothing about a device count can fail it now.
        MacAddress[] batchDevices = [stored[0], MacAddress.Parse("AA:BB:CC:FF:FF:01"), MacAddress.Parse("AA:BB:CC:FF:FF:02")];
        WriteResult result = store.Write([.. batchDevices.Select(device => Minutes.At(90, MinuteSource.Live, device: device))]);
        Assert.Equal(3, result.Inserted);
        Assert.Equal(devices + 2, store.Devices().Count);
    }

    /// <summary>Proves the file is at the cap: creating one more collection fails (on a copy).</summary>
    private static void AssertHeaderFull(string path)
    {
        string copy = path + ".copy";
        File.Copy(path, copy);
        try
        {
            using var database = new LiteDatabase(new ConnectionString { Filename = copy, Connection = ConnectionType.Direct });
            Assert.ThrowsAny<LiteException>(() => database.GetCollection("minutes").Insert(new BsonDocument { ["_id"] = 1L }));
        }
        finally
        {
            File.Delete(copy);
            File.Delete(DatabaseFiles.LogFileOf(copy));
        }
    }
}
