using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Atmo.Core;
using Atmo.Simulator;
using Atmo.Simulator.Devices;
using Atmo.Storage;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Atmo.EndToEnd.Tests;

/// <summary>
/// Issue 11's judgement of the recovery: the real <c>atmo-edge</c> process collects two emulated units (live minutes
/// written as they close) with its database on a real, small file system (a 32 MB tmpfs). The file system is filled:
/// <c>/readyz</c> fails <c>database</c> with the reason, the live minutes are held in memory and still served; space is
/// freed: within a (device) minute readiness returns and the held minutes are stored, and after a stop every minute
/// the API showed during the failure is in the file. Device time runs 20× faster than the wall clock.
/// </summary>
public class FullDiskTests(ITestOutputHelper output)
{
    private const double Speed = 20;
    private const string Key = "full-disk-test-key";

    [Fact]
    public async Task A_full_disk_fails_readiness_with_the_reason_and_once_freed_the_held_minutes_are_stored_within_a_minute()
    {
        var clock = new AcceleratedTimeProvider(Speed);
        SimulatorOptions options = EmulatedBlueZ.FastOptions(2, initialRecords: 30);
        options.DeviceClock = clock;
        await using EmulatedBlueZ bluez = await EmulatedBlueZ.StartAsync(options);
        IReadOnlyList<EmulatedAtmotube> units = bluez.Emulator.Units;
        using var disk = new SmallFileSystem(32 * 1024 * 1024);
        string database = Path.Combine(disk.Folder, "atmo-edge.db");
        int port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        string logPath = Path.Combine(Path.GetTempPath(), $"atmo-full-disk-{Guid.NewGuid():N}.log");
        var served = new Dictionary<MacAddress, List<DateTime>>();
        await using (var log = new StreamWriter(logPath) { AutoFlush = true })
        {
            using var gateway = GatewayProcess.Start(Arguments(bluez.Address, database, port, units),
                new Dictionary<string, string> { [AcceleratedTimeProvider.EnvironmentVariable] = string.Create(CultureInfo.InvariantCulture, $"{Speed}@{clock.Origin:O}") }, log);

            await Eventually.UntilAsync(async () => await StoredLiveAsync(http, units[0]) >= 2, "live minutes stored", realSeconds: 90);
            Assert.Equal("ok", (await DatabaseCheckAsync(http)).Status);

            disk.Fill();
            output.WriteLine($"{clock.GetUtcNow():HH:mm:ss} (device time) disk filled");
            (string Status, string Detail) failing = default;
            await Eventually.UntilAsync(async () => (failing = await DatabaseCheckAsync(http)).Detail.Contains("the disk is full", StringComparison.Ordinal), "/readyz naming the full disk", realSeconds: 30);
            Assert.Equal("fail", failing.Status);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

            // Minutes keep coming and the API serves them from memory; note what it served.
            long storedWhileFull = await StoredLiveAsync(http, units[0]);
            int servedLive = 0;
            await Eventually.UntilAsync(async () => (servedLive = (await ServedAsync(http, units[0])).Count(m => m.Source == "live")) >= storedWhileFull + 3, "three more live minutes served from memory", realSeconds: 30);
            foreach (EmulatedAtmotube unit in units)
                served[unit.Address] = [.. (await ServedAsync(http, unit)).Select(m => m.Time)];
            Assert.Equal(storedWhileFull, await StoredLiveAsync(http, units[0]));

            disk.Free();
            DateTimeOffset freed = clock.GetUtcNow();
            output.WriteLine($"{freed:HH:mm:ss} (device time) space freed");
            await Eventually.UntilAsync(async () => (await DatabaseCheckAsync(http)).Status == "ok", "/readyz passing the database again", realSeconds: 30);
            TimeSpan ready = clock.GetUtcNow() - freed;
            await Eventually.UntilAsync(async () => await StoredLiveAsync(http, units[0]) >= servedLive, "the held minutes stored", realSeconds: 30);
            TimeSpan stored = clock.GetUtcNow() - freed;
            output.WriteLine($"ready again after {ready.TotalSeconds:0} s, held minutes stored after {stored.TotalSeconds:0} s (device time)");
            Assert.True(ready <= TimeSpan.FromMinutes(1), $"readiness came back {ready.TotalSeconds:0} s after the space was freed");
            Assert.True(stored <= TimeSpan.FromMinutes(1), $"the held minutes were stored {stored.TotalSeconds:0} s after the space was freed");

            Assert.Equal(0, await gateway.StopAsync(TimeSpan.FromSeconds(30)));
        }

        using var store = new LiteDbMinuteStore(new StorageOptions { Path = database }, clock, NullLogger<LiteDbMinuteStore>.Instance);
        foreach (EmulatedAtmotube unit in units)
        {
            IReadOnlyList<DateTime> inFile = store.StoredMinutes(unit.Address, DateTime.MinValue, DateTime.MaxValue);
            Assert.All(served[unit.Address], minute => Assert.Contains(minute, inFile));
        }

        File.Delete(logPath);
    }

    private static string[] Arguments(string bus, string database, int port, IReadOnlyList<EmulatedAtmotube> units)
    {
        string Real(double seconds) => TimeSpan.FromSeconds(seconds * Speed).ToString("c", CultureInfo.InvariantCulture);
        var arguments = new List<string>
        {
            "--urls", $"http://127.0.0.1:{port}",
            $"--Storage:Path={database}",
            $"--Api:Keys:0={Key}",
            "--Api:RateLimitPerMinute=1000000",
            $"--Ble:BusAddress={bus}",
            // Every live minute written as it closes, so the full disk shows at once; no history round in the test.
            "--Ble:LiveWriteInterval=00:00:00",
            "--History:IntervalMinutes=1440",
            $"--History:Session:FirstReplyTimeout={Real(3)}",
            $"--History:Session:BetweenBatchesTimeout={Real(0.5)}",
            $"--History:Session:BetweenPacketsTimeout={Real(2)}",
            $"--Ble:Central:ScanBeforeConnectTimeout={Real(3)}",
            $"--Ble:Central:ServicesResolvedTimeout={Real(3)}",
            $"--Ble:MaxConnectionHold={Real(10)}",
            "--Logging:Console:FormatterName=simple",
            "--Logging:Console:FormatterOptions:SingleLine=true",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Atmo=Information",
        };
        for (int i = 0; i < units.Count; i++)
            arguments.Add($"--Devices:{i}:Mac={units[i].Address}");
        return [.. arguments];
    }

    private static async Task<(string Status, string Detail)> DatabaseCheckAsync(HttpClient http)
    {
        HttpResponseMessage response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement database = json.RootElement.GetProperty("checks").GetProperty("database");
        return (database.GetProperty("status").GetString()!, database.GetProperty("detail").GetString()!);
    }

    /// <summary>Live minutes of the unit in the file (the device list counts stored records).</summary>
    private static async Task<long> StoredLiveAsync(HttpClient http, EmulatedAtmotube unit)
    {
        try
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/v1/devices?api_key={Key}", UriKind.Relative)));
            return json.RootElement.GetProperty("data").GetProperty("items").EnumerateArray()
                .Where(item => item.GetProperty("mac").GetString() == unit.Address.ToString())
                .Select(item => item.GetProperty("records").GetProperty("live").GetInt64())
                .FirstOrDefault();
        }
        catch (HttpRequestException)
        {
            return 0; // not listening yet
        }
    }

    /// <summary>What <c>/api/v1/data</c> serves for the unit: stored minutes and the live ones held in memory.</summary>
    private static async Task<List<(DateTime Time, string Source)>> ServedAsync(HttpClient http, EmulatedAtmotube unit)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/v1/data?api_key={Key}&mac={unit.Address}&limit=1000&include=source", UriKind.Relative)));
        return [.. json.RootElement.GetProperty("data").GetProperty("items").EnumerateArray()
            .Select(item => (DateTime.Parse(item.GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                item.GetProperty("source").GetString()!))];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
