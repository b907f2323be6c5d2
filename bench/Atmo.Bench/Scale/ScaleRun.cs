using System.Diagnostics;
using Atmo.Collector.Hosting;
using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Simulator;
using Atmo.Simulator.Devices;
using Atmo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Bench.Scale;

/// <summary>
/// One run: a private dbus-daemon, the emulated BlueZ with N units, the real collector (AddCollector) with a real
/// LiteDB store, all on one <see cref="AcceleratedTimeProvider"/> (emulator timers, the units' clocks, the collector).
/// Realistic radio timings in device time: connect 1–3 s per unit, one history notification per connection interval
/// of 7.5–30 ms per unit. Every delay is device time; the CPU time of the run itself is compressed by the speed, so
/// the result is conservative (a faster clock makes visits look longer).
/// </summary>
internal static class ScaleRun
{
    /// <summary>Device time between advertisements of one unit: enough for presence, light enough to accelerate.</summary>
    private static readonly TimeSpan AdvertisingInterval = TimeSpan.FromSeconds(20);

    public static async Task<ScaleResult> RunAsync(ScaleSettings settings, TextWriter log)
    {
        var clock = new AcceleratedTimeProvider(settings.Speed);
        var options = new SimulatorOptions
        {
            Devices = settings.Devices,
            Mtu = settings.Mtu,
            Seed = settings.Seed,
            InitialRecords = settings.IntervalMinutes, // every unit has one interval unsynced at start
            DeviceClock = clock,
            Timers = clock,
            AdvertisingInterval = AdvertisingInterval,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        await using SimulatedBluetooth bluetooth = await SimulatedBluetooth.StartAsync(options);
        var random = new Random(settings.Seed);
        foreach (EmulatedAtmotube unit in bluetooth.Emulator.Units)
        {
            unit.ConnectLatency = TimeSpan.FromSeconds(1 + (2 * random.NextDouble()));
            unit.NotificationDelay = TimeSpan.FromMilliseconds(7.5 + (22.5 * random.NextDouble()));
        }

        string folder = Path.Combine(Path.GetTempPath(), "atmo-scale-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var store = new LiteDbMinuteStore(new StorageOptions { Path = Path.Combine(folder, "atmo-edge.db") }, clock, NullLogger<LiteDbMinuteStore>.Instance);
        var recorder = new LagRecordingStore(store, clock);
        try
        {
            var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            var configuration = new Dictionary<string, string?>
            {
                ["Ble:BusAddress"] = bluetooth.BusAddress,
                ["History:IntervalMinutes"] = settings.IntervalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["History:Session:EndAtNewestRecord"] = settings.EndAtNewestRecord ? "true" : "false",
            };
            foreach ((string key, string value) in settings.Extra)
                configuration[key] = value;
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddSingleton<IMinuteStore>(recorder);
            builder.Services.AddCollector(builder.Configuration);
            using IHost host = builder.Build();

            var process = Process.GetCurrentProcess();
            TimeSpan cpuStart = process.TotalProcessorTime;
            long realStart = Stopwatch.GetTimestamp();
            DateTimeOffset start = clock.GetUtcNow();
            await host.StartAsync();
            ICollectorStatus status = host.Services.GetRequiredService<ICollectorStatus>();

            DateTimeOffset measureFrom = start + settings.Warmup;
            DateTimeOffset end = start + settings.Duration;
            long busySamples = 0, samples = 0;
            DateTimeOffset nextReport = start + TimeSpan.FromMinutes(30);
            while (clock.GetUtcNow() < end)
            {
                await Task.Delay(2);
                DateTimeOffset now = clock.GetUtcNow();
                if (now >= measureFrom)
                {
                    samples++;
                    if (status.Adapter.PausedForConnection)
                        busySamples++;
                }

                if (now >= nextReport)
                {
                    log.WriteLine($"    {now - start:hh\\:mm} device time: {recorder.Samples.Count} visits, {status.Counters.HistoryFailures} failures");
                    nextReport += TimeSpan.FromMinutes(30);
                }
            }

            CollectorCounters counters = status.Counters;
            await host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            TimeSpan real = Stopwatch.GetElapsedTime(realStart);

            IReadOnlyList<LagSample> all = recorder.Samples;
            var steady = all.Where(s => s.At >= measureFrom).ToList();
            var warm = all.Where(s => s.At < measureFrom).ToList();
            double measuredHours = (end - measureFrom).TotalHours;
            int neverSynced = bluetooth.Emulator.Units.Count(u => !steady.Any(s => s.Device == u.Address));
            return new ScaleResult(
                settings,
                [.. steady.Select(s => s.Lag)],
                warm.Count == 0 ? TimeSpan.Zero : warm.Max(s => s.Lag),
                steady.Count / measuredHours,
                samples == 0 ? 0 : (double)busySamples / samples,
                neverSynced,
                MissingMinutes(bluetooth.Emulator.Units, store),
                counters.HistoryFailures,
                cpu,
                real);
        }
        finally
        {
            store.Dispose();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Ground truth: every minute a unit marked synced (it never sends it again) must be stored as history.</summary>
    private static int MissingMinutes(IReadOnlyList<EmulatedAtmotube> units, IMinuteStore store)
    {
        int missing = 0;
        foreach (EmulatedAtmotube unit in units)
        {
            IReadOnlyList<StoredRecord> truth = unit.Memory.Records;
            if (truth.Count == 0)
                continue;
            MinutePage page = store.Query(new MinuteQuery(unit.Address, truth[0].Minute.UtcDateTime, truth[^1].Minute.UtcDateTime.AddMinutes(1), SortOrder.Ascending));
            var history = page.Items.Where(r => r.Source == MinuteSource.History).Select(r => r.Time).ToHashSet();
            missing += truth.Count(r => r.Synced && !history.Contains(r.Minute.UtcDateTime));
        }

        return missing;
    }
}
