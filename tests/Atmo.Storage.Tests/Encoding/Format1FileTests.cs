using Atmo.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Storage.Tests.Encoding;

/// <summary>
/// A database file written by the release before exact values (every hour block in format 1),
/// committed as <c>format1-store.litedb</c>. It holds what <see cref="WrittenByTheOldRelease"/> wrote,
/// in that order: device 01 two hours of history (positions on even minutes, PM on a duty cycle);
/// device 02 ten live minutes, fifteen cloud minutes over five of them (the cloud's positions with all
/// their digits, which format 1 kept to 7 decimals) and a history minute disagreeing with a cloud one.
/// </summary>
public sealed class Format1FileTests : IDisposable
{
    private static readonly MacAddress DeviceA = MacAddress.Parse("AA:BB:CC:DD:EE:01");
    private static readonly MacAddress DeviceB = MacAddress.Parse("AA:BB:CC:DD:EE:02");
    private static readonly DateTime Start = new(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc);
    private static readonly double[] Scales = [1000, 100, 100, 100, 100, 100, 100, 1e7, 1e7];

    private readonly string _folder = Directory.CreateTempSubdirectory("atmo-format1-").FullName;
    private readonly LiteDbMinuteStore _store;

    public Format1FileTests()
    {
        string path = Path.Combine(_folder, "atmo-edge.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Encoding", "format1-store.litedb"), path);
        _store = Open(path);
    }

    private static LiteDbMinuteStore Open(string path) =>
        new(new StorageOptions { Path = path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The batches the old release was given, in order.</summary>
    private static List<MinuteRecord>[] WrittenByTheOldRelease() =>
    [
        [.. Enumerable.Range(0, 120).Select(i => new MinuteRecord
        {
            Device = DeviceA, Time = Start.AddMinutes(i), Source = MinuteSource.History,
            Voc = Math.Round(0.1 + 0.0137 * i, 4), Pm1 = i % 5 == 4 ? null : i % 7, Pm25 = i % 5 == 4 ? null : i % 7 + 2.5, Pm10 = i % 5 == 4 ? null : i % 7 + 5,
            T = 21.55 + i * 0.01, H = 40 + i % 3, P = 1001.255 + i * 0.001,
            Latitude = i % 2 == 0 ? 45.4641008 : null, Longitude = i % 2 == 0 ? 9.1898154 : null,
        })],
        [.. Enumerable.Range(0, 10).Select(i => new MinuteRecord
        {
            Device = DeviceB, Time = Start.AddMinutes(i), Source = MinuteSource.Live, Voc = 0.5, T = 20, H = 30, P = 950,
        })],
        [.. Enumerable.Range(5, 15).Select(CloudMinute)],
        [new MinuteRecord { Device = DeviceB, Time = Start.AddMinutes(15), Source = MinuteSource.History, Voc = 1.5, T = 23, H = 42, P = 956.9 }],
    ];

    private static MinuteRecord CloudMinute(int i) => new()
    {
        Device = DeviceB, Time = Start.AddMinutes(i), Source = MinuteSource.Cloud, Voc = 9.899, T = 23, H = 42, P = 956.9,
        Latitude = 36.17102679826757, Longitude = -115.09123299153981,
    };

    /// <summary>What format 1 kept of a record: every value rounded to the contract's precision.</summary>
    private static MinuteRecord AsFormat1Kept(MinuteRecord record)
    {
        double? Round(double? value, int field) => value is double v ? Math.Round(v * Scales[field], MidpointRounding.AwayFromZero) / Scales[field] : null;
        return record with
        {
            Voc = Round(record.Voc, 0), Pm1 = Round(record.Pm1, 1), Pm25 = Round(record.Pm25, 2), Pm10 = Round(record.Pm10, 3),
            T = Round(record.T, 4), H = Round(record.H, 5), P = Round(record.P, 6), Latitude = Round(record.Latitude, 7), Longitude = Round(record.Longitude, 8),
        };
    }

    private List<MinuteRecord> All(MacAddress device) =>
        [.. _store.Query(new MinuteQuery(device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items];

    [Fact]
    public void Every_minute_reads_back_as_the_old_release_stored_it()
    {
        List<MinuteRecord>[] batches = WrittenByTheOldRelease();
        List<MinuteRecord> deviceB =
        [
            .. batches[1].Take(5),
            .. batches[2],
        ];

        Assert.Equal(batches[0].Select(AsFormat1Kept), All(DeviceA));
        Assert.Equal(deviceB.Select(AsFormat1Kept), All(DeviceB));
        Assert.Equal(36.1710268, All(DeviceB)[5].Latitude); // the digits format 1 did not keep
        Assert.Equal(new DeviceStats(DeviceA, Start, Start.AddMinutes(119), 0, 120, 0, 0), _store.GetStats(DeviceA));
        Assert.Equal(new DeviceStats(DeviceB, Start, Start.AddMinutes(19), 5, 0, 15, 1), _store.GetStats(DeviceB));
    }

    [Fact]
    public void Streaming_reads_the_old_blocks_like_query()
    {
        var query = new MinuteQuery(DeviceA, Start.AddMinutes(30), Start.AddMinutes(100), SortOrder.Descending, 5, 2000);

        MinuteStream stream = _store.StreamQuery(query);

        Assert.Equal(70, stream.Total);
        Assert.Equal(_store.Query(query).Items.Select(StoredMinute.Of), stream.Items);
        Assert.Equal(65, stream.Items.Count());
    }

    [Fact]
    public void New_minutes_join_old_hour_blocks_and_the_old_minutes_stay_as_they_were()
    {
        List<MinuteRecord> before = All(DeviceB);
        MinuteRecord exact = CloudMinute(30) with { Latitude = 36.164093017578125 };

        WriteResult result = _store.Write([exact, CloudMinute(31) with { Source = MinuteSource.Live, Latitude = null, Longitude = null }]);
        _store.Dispose();
        using LiteDbMinuteStore reopened = Open(Path.Combine(_folder, "atmo-edge.db"));
        List<MinuteRecord> after = [.. reopened.Query(new MinuteQuery(DeviceB, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items];

        Assert.Equal(2, result.Inserted);
        Assert.Equal(before, after.Take(before.Count));
        Assert.Equal(exact, after[^2]);
    }

    [Fact]
    public void Importing_the_clouds_answers_again_restores_their_exact_numbers()
    {
        WriteResult result = _store.Write([.. Enumerable.Range(5, 15).Select(CloudMinute)]);

        List<MinuteRecord> deviceB = All(DeviceB);
        Assert.Equal(15, result.Unchanged);
        Assert.Empty(result.Disagreements);
        Assert.Equal(Enumerable.Range(5, 15).Select(CloudMinute), deviceB.Skip(5));
        Assert.Equal(new DeviceStats(DeviceB, Start, Start.AddMinutes(19), 5, 0, 15, 1), _store.GetStats(DeviceB));
    }
}
