using System.Text.Json;
using Atmo.CloudDouble;
using Atmo.Core;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Sync.Import;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Gateway.Tests.Data;

/// <summary>
/// The minutes the known clients of issue 10 ask for, in one real LiteDB store, served by three
/// gateways, one per <c>Api:LimitWithDates</c> value. Today is 2024-01-14 12:00 UTC, the day the
/// weekly client's saved cloud answers end. The weekly client's minutes come from the cloud: the
/// cloud double's answers for its weeks (positions with all their digits) are saved to files and
/// loaded with <c>atmo-edge import</c>'s importer, so that pattern also shows the cloud's numbers
/// coming back exactly.
/// </summary>
public sealed class CloudClientsFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2024, 1, 14, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Asks one request per week: <c>limit=50&amp;offset=0&amp;order=desc&amp;start_date&amp;end_date</c>.</summary>
    public static readonly MacAddress WeeklyDevice = MacAddress.Parse("C1:4A:DB:4C:90:5B");

    /// <summary>The weeks the weekly client asked for (start, end = start + 7 days): one sparse, one with 8,321 minutes.</summary>
    public static readonly (DateOnly Start, DateOnly End)[] Weeks =
    [
        (new DateOnly(2023, 10, 16), new DateOnly(2023, 10, 23)),
        (new DateOnly(2023, 12, 26), new DateOnly(2024, 1, 2)),
    ];

    /// <summary>Every minute of 2022-06-13 … 2022-06-17, the days of the vendor's example URLs.</summary>
    public static readonly MacAddress VendorExampleDevice = MacAddress.Parse("F8:B1:69:70:E5:3D");

    /// <summary>5,000 minutes in 2024-01-05 … 2024-01-11, and minutes up to 11:59 today.</summary>
    public static readonly MacAddress DashboardDevice = MacAddress.Parse("CA:ED:7F:60:6B:80");

    /// <summary>Every minute of 2023-12-01 … 2023-12-07 and 3,000 minutes of 2023-12-08 … 2023-12-14.</summary>
    public static readonly MacAddress WeekChunkDevice = MacAddress.Parse("E2:F7:B2:B3:79:9F");

    /// <summary>Every minute of 2023-12-20, 900 minutes of 2023-12-21.</summary>
    public static readonly MacAddress DayByDayDevice = MacAddress.Parse("FB:89:93:C3:FA:5B");

    /// <summary>250 minutes on 2023-12-22.</summary>
    public static readonly MacAddress SmallPageDevice = MacAddress.Parse("ED:39:52:44:BB:94");

    private readonly Dictionary<MacAddress, List<MinuteRecord>> _minutes = [];
    private TempLiteDbStore _store = null!;
    private readonly Dictionary<string, GatewayServer> _servers = [];

    /// <summary>The cloud's JSON text of each weekly-device item, by minute, as the cloud sent it.</summary>
    public Dictionary<DateTime, string> CloudItemText { get; } = [];

    public GatewayServer Server(string limitWithDates) => _servers[limitWithDates];

    /// <summary>Times of the stored minutes of <paramref name="device"/> on the days first…last, newest first.</summary>
    public List<DateTime> NewestFirst(MacAddress device, DateOnly first, DateOnly last)
    {
        var from = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return [.. _minutes[device].Select(r => r.Time).Where(t => t >= from && t < to).OrderDescending()];
    }

    public async Task InitializeAsync()
    {
        _store = new TempLiteDbStore();
        await ImportWeeklyDeviceFromTheCloudAsync();
        Store(VendorExampleDevice, EveryMinute(new DateTime(2022, 6, 13, 0, 0, 0, DateTimeKind.Utc), 5 * 1440));
        Store(DashboardDevice,
        [
            .. Spread(new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc), 7 * 1440, 5000),
            .. EveryMinute(new DateTime(2024, 1, 12, 0, 0, 0, DateTimeKind.Utc), 2 * 1440 + 12 * 60),
        ]);
        Store(WeekChunkDevice,
        [
            .. EveryMinute(new DateTime(2023, 12, 1, 0, 0, 0, DateTimeKind.Utc), 7 * 1440),
            .. Spread(new DateTime(2023, 12, 8, 0, 0, 0, DateTimeKind.Utc), 7 * 1440, 3000),
        ]);
        Store(DayByDayDevice,
        [
            .. EveryMinute(new DateTime(2023, 12, 20, 0, 0, 0, DateTimeKind.Utc), 1440),
            .. Spread(new DateTime(2023, 12, 21, 0, 0, 0, DateTimeKind.Utc), 1440, 900),
        ]);
        Store(SmallPageDevice, Spread(new DateTime(2023, 12, 22, 0, 0, 0, DateTimeKind.Utc), 1440, 250));

        foreach (string rule in new[] { "cloud", "apply", "ignore" })
            _servers[rule] = await GatewayServer.StartAsync(_store.Store, new FakeTimeProvider(Now), configuration: $"--Api:LimitWithDates={rule}");
    }

    public async Task DisposeAsync()
    {
        foreach (GatewayServer server in _servers.Values)
            await server.DisposeAsync();
        _store.Dispose();
    }

    private void Store(MacAddress device, IEnumerable<DateTime> times)
    {
        List<MinuteRecord> records = [.. times.Select((time, i) => new MinuteRecord
        {
            Device = device, Time = time, Source = MinuteSource.History, Voc = 0.2 + i % 50 / 1000.0, T = 21, H = 40, P = 1001.5,
        })];
        Assert.Equal(records.Count, _store.Store.Write(records).Inserted);
        _minutes[device] = records;
    }

    /// <summary>The weekly device's minutes as the cloud answered them, saved week by week and imported.</summary>
    private async Task ImportWeeklyDeviceFromTheCloudAsync()
    {
        var random = new Random(20240114);
        var records = new List<MinuteRecord>
        {
            // The one minute of the first week, with the numbers the cloud sent for it.
            new()
            {
                Device = WeeklyDevice, Time = new DateTime(2023, 10, 19, 16, 38, 0, DateTimeKind.Utc), Source = MinuteSource.Cloud,
                Voc = 9.899, T = 23, H = 42, P = 956.9, Latitude = 36.17102679826757, Longitude = -115.09123299153981,
            },
        };
        foreach (DateTime time in Spread(new DateTime(2023, 12, 26, 0, 0, 0, DateTimeKind.Utc), 8 * 1440, 8321))
        {
            bool pm = random.Next(3) == 0;
            records.Add(new MinuteRecord
            {
                Device = WeeklyDevice, Time = time, Source = MinuteSource.Cloud,
                Voc = Math.Round(random.NextDouble() * 2, 3), Pm1 = pm ? 1 : null, Pm25 = pm ? 3 : null, Pm10 = pm ? 5 : null,
                T = 18, H = 22 + random.Next(15), P = Math.Round(957 + random.NextDouble() * 2, 2),
                // A phone's position: a double with all its digits, like 36.164093017578125.
                Latitude = 36.17 + random.NextDouble() / 50, Longitude = -115.09 + random.NextDouble() / 50,
            });
        }

        const string cloudKey = "cloud-key-0123456789";
        await using CloudDoubleServer cloud = await CloudDoubleServer.StartAsync(new FakeTimeProvider(Now), [cloudKey]);
        cloud.Data.Add(records);
        using var http = new HttpClient { BaseAddress = cloud.BaseAddress };
        var importer = new CloudFileImporter(_store.Store, new FakeTimeProvider(Now), NullLogger<CloudFileImporter>.Instance);
        foreach ((DateOnly start, DateOnly end) in Weeks)
        {
            string answer = await http.GetStringAsync(new Uri(
                $"api/v1/data?api_key={cloudKey}&mac={WeeklyDevice}&order=desc&start_date={start:yyyy-MM-dd}&end_date={end:yyyy-MM-dd}", UriKind.Relative));
            string file = Path.Combine(_store.Folder, $"{start:yyyy-MM-dd}_{end:yyyy-MM-dd}.json");
            await File.WriteAllTextAsync(file, answer);
            ImportSummary summary = await importer.ImportAsync(file, WeeklyDevice);
            using var json = JsonDocument.Parse(answer);
            foreach (JsonElement item in json.RootElement.GetProperty("data").GetProperty("items").EnumerateArray())
                CloudItemText[item.GetProperty("time").GetDateTime()] = item.GetRawText();
            Assert.True(summary.Inserted > 0);
        }

        Assert.Equal(records.Count, CloudItemText.Count);
        _minutes[WeeklyDevice] = records;
    }

    private static IEnumerable<DateTime> EveryMinute(DateTime first, int count) => Enumerable.Range(0, count).Select(i => first.AddMinutes(i));

    /// <summary>Exactly <paramref name="count"/> of the <paramref name="span"/> minutes from <paramref name="first"/>, scattered with gaps (a deterministic permutation).</summary>
    private static IEnumerable<DateTime> Spread(DateTime first, int span, int count) =>
        Enumerable.Range(0, span).Where(i => (long)i * 7919 % span < count).Select(i => first.AddMinutes(i));
}
