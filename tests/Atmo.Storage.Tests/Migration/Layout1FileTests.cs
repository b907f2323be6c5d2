using Atmo.Core;
using LiteDB;
using Microsoft.Extensions.Logging.Testing;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace Atmo.Storage.Tests.Migration;

/// <summary>
/// A database file written by the last release of the one-collection-per-device layout, committed as
/// <c>layout1-store.litedb</c>, with that release's own answers for it (<c>layout1-expected.json</c>: every
/// device's statistics and every minute, read through its API after writing). It holds four devices: 01 with
/// 150 minutes of history (positions on even minutes, PM on a duty cycle), 02 with live minutes partly replaced
/// by history, cloud minutes with exact positions (format-2 blocks) and a counted disagreement, 03 with two hours
/// of cloud minutes across midnight and a live minute, 04 with three live minutes; then everything before
/// 22:35 was deleted by retention (so 02's counters keep a disagreement whose minute is gone).
/// </summary>
public sealed class Layout1FileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atmo-layout1-").FullName;
    private readonly string _path;
    private readonly FakeLogger<LiteDbMinuteStore> _logger = new();

    public Layout1FileTests()
    {
        _path = Path.Combine(_folder, "atmo-edge.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Migration", "layout1-store.litedb"), _path);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private LiteDbMinuteStore Open() => new(new StorageOptions { Path = _path }, TimeProvider.System, _logger);

    private static List<ExpectedDevice> Expected() =>
        JsonSerializer.Deserialize<List<ExpectedDevice>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Migration", "layout1-expected.json")))!;

    [Fact]
    public void The_first_start_moves_every_device_into_one_collection_with_every_minute_and_counter_intact()
    {
        List<ExpectedDevice> expected = Expected();
        Assert.Equal(4, expected.Count);

        using (LiteDbMinuteStore store = Open())
        {
            Assert.Equal(expected.Select(device => MacAddress.Parse(device.Mac)), store.Devices());
            foreach (ExpectedDevice device in expected)
            {
                var mac = MacAddress.Parse(device.Mac);
                Assert.Equal(device.Minutes, store.StreamQuery(new MinuteQuery(mac, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items);
                DeviceStats stats = store.GetStats(mac);
                Assert.Equal(device.Stats, new ExpectedStats(stats.FirstMinute, stats.LastMinute, stats.Live, stats.History, stats.Cloud, stats.Disagreements));
            }
        }

        using var file = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Direct, ReadOnly = true });
        Assert.DoesNotContain(file.GetCollectionNames(), name => name.StartsWith("m_", StringComparison.Ordinal));
        Assert.Contains("minutes", file.GetCollectionNames());
    }

    [Fact]
    public void The_migration_says_what_it_does_and_how_fast_and_runs_only_once()
    {
        using (Open())
        {
        }

        List<string> messages = [.. _logger.Collector.GetSnapshot().Select(record => record.Message)];
        Assert.Contains(messages, m => m.Contains("has the earlier layout", StringComparison.Ordinal) && m.Contains("of 4 devices", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Migration: ", StringComparison.Ordinal) && m.Contains("hours moved (100%)", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Migration done: 279 minutes of 4 devices", StringComparison.Ordinal) && m.Contains("minutes/s", StringComparison.Ordinal));

        _logger.Collector.Clear();
        using (Open())
        {
        }

        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), record => record.Message.Contains("Migration", StringComparison.Ordinal));
    }

    [Fact]
    public void After_the_migration_minutes_join_the_moved_hours_and_the_change_feed_starts()
    {
        var device = MacAddress.Parse("AA:BB:CC:DD:EE:04");
        DateTime next = new(2026, 3, 10, 0, 13, 0, DateTimeKind.Utc);
        using (LiteDbMinuteStore store = Open())
        {
            Assert.Equal(0, store.LastSequence);
            WriteResult result = store.Write([new MinuteRecord { Device = device, Time = next, Source = MinuteSource.Live, T = 19.75 }]);
            Assert.Equal(1, result.Inserted);
            Assert.Equal(next, Assert.Single(store.ReadMinutes(Assert.Single(store.ChangesAfter(0, 10)))).Time);
        }

        using LiteDbMinuteStore reopened = Open();
        Assert.Equal([next.AddMinutes(-3), next.AddMinutes(-2), next.AddMinutes(-1), next], reopened.StoredMinutes(device, DateTime.MinValue, DateTime.MaxValue));
        Assert.Equal(4, reopened.GetStats(device).Live);
    }

    private sealed record ExpectedDevice(string Mac, ExpectedStats Stats, List<StoredMinute> Minutes);

    private sealed record ExpectedStats(DateTime? FirstMinute, DateTime? LastMinute, long Live, long History, long Cloud, long Disagreements);
}
