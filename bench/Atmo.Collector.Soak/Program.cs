using System.Diagnostics;
using System.Globalization;
using Atmo.Collector.Hosting;
using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// atmo-collector-soak: runs the collector alone against a bus (start `atmo-sim --devices 10 --private-bus
// --history 1440` first) for a while and prints its footprint:
//   atmo-collector-soak --bus unix:path=… --warmup-seconds 60 --seconds 300 --db /tmp/soak.db
string? bus = null;
string db = Path.Combine(Path.GetTempPath(), "atmo-collector-soak.db");
double warmup = 60, seconds = 300;
for (int i = 0; i < args.Length; i++)
{
    string Next() => args[++i];
    switch (args[i])
    {
        case "--bus": bus = Next(); break;
        case "--db": db = Next(); break;
        case "--warmup-seconds": warmup = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
    }
}

if (bus is null)
{
    Console.Error.WriteLine("Give --bus ADDRESS (the address atmo-sim prints).");
    return 2;
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(db))!);
foreach (string file in new[] { db, Path.ChangeExtension(db, null) + "-log.db" })
{
    if (File.Exists(file))
        File.Delete(file);
}
var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration["Ble:BusAddress"] = bus;
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new LiteDbMinuteStore(new StorageOptions { Path = db }, TimeProvider.System, sp.GetRequiredService<ILogger<LiteDbMinuteStore>>()));
builder.Services.AddSingleton<IMinuteStore>(sp => sp.GetRequiredService<LiteDbMinuteStore>());
builder.Services.AddCollector(builder.Configuration);
using IHost host = builder.Build();
await host.StartAsync();
ICollectorStatus status = host.Services.GetRequiredService<ICollectorStatus>();
var process = Process.GetCurrentProcess();

await Task.Delay(TimeSpan.FromSeconds(warmup));
process.Refresh();
TimeSpan cpuStart = process.TotalProcessorTime;
CollectorCounters start = status.Counters;
long startTimestamp = Stopwatch.GetTimestamp();
await Task.Delay(TimeSpan.FromSeconds(seconds));
process.Refresh();
TimeSpan cpu = process.TotalProcessorTime - cpuStart;
TimeSpan wall = Stopwatch.GetElapsedTime(startTimestamp);
CollectorCounters end = status.Counters;
int devices = status.Devices.Count;
IMinuteStore store = host.Services.GetRequiredService<IMinuteStore>();
long history = 0, live = 0;
foreach (MacAddress device in store.Devices())
{
    DeviceStats stats = store.GetStats(device);
    history += stats.History;
    live += stats.Live;
}

await host.StopAsync();
host.Services.GetRequiredService<LiteDbMinuteStore>().Dispose();
long bytes = new FileInfo(db).Length + (File.Exists(Path.ChangeExtension(db, null) + "-log.db") ? new FileInfo(Path.ChangeExtension(db, null) + "-log.db").Length : 0);
double deviceMinutes = devices * wall.TotalMinutes;
string rss = File.ReadAllLines("/proc/self/status").Where(l => l.StartsWith("VmRSS", StringComparison.Ordinal) || l.StartsWith("VmHWM", StringComparison.Ordinal)).Aggregate("", (a, l) => a + l.Replace("\t", " ", StringComparison.Ordinal) + "; ");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    devices                 {devices}
    measured                {wall.TotalSeconds:0} s after {warmup:0} s warm-up
    advertisements          {end.Advertisements - start.Advertisements} ({(end.Advertisements - start.Advertisements) / wall.TotalSeconds / Math.Max(1, devices):0.0} per device per s)
    live minutes written    {end.LiveMinutesWritten - start.LiveMinutesWritten}
    history sessions        {end.HistorySessions} total, batches {end.HistoryBatchesStored}, records {end.HistoryRecordsStored}
    CPU                     {cpu.TotalSeconds:0.00} s = {cpu.TotalMilliseconds / deviceMinutes:0.0} ms per device-minute ({100 * cpu.TotalSeconds / wall.TotalSeconds:0.0} % of one core)
    memory                  {rss}
    store                   {history} history + {live} live minutes in {bytes} bytes = {(history + live == 0 ? 0 : bytes * 1440.0 / (history + live)):0} bytes per device-day
    """));
return 0;
