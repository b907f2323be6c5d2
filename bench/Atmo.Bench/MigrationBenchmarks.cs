using System.Globalization;
using Atmo.Storage;
using Atmo.Storage.CrashWriter;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Bench;

/// <summary>
/// Issue 11: how fast a file of the earlier layout (one collection per device) is migrated at the first start:
/// 10 devices × 90 days of minutes (1,296,000 records), built through the store and turned back into the earlier
/// layout once, then copied and opened (which migrates it, fsync per chunk as in production) for each measurement.
/// Run: <c>dotnet run -c Release --project bench/Atmo.Bench -- --filter '*Migration*'</c>
/// </summary>
[Config(typeof(MonitoringConfig))]
public class MigrationBenchmarks
{
    private const int Devices = 10;
    private const int Days = 90;
    private static readonly DateTime End = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private string _legacy = "";
    private string _copy = "";
    private long _records;
    private readonly List<double> _seconds = [];

    [GlobalSetup]
    public void Setup()
    {
        _legacy = SyntheticStore.CachedPath($"legacy-{Devices}x{Days}d");
        if (!File.Exists(_legacy))
        {
            SyntheticStore.Create(_legacy, Devices, Days, End);
            LegacyLayout.Downgrade(_legacy);
        }

        _records = (long)Devices * Days * 1440;
        _copy = Path.Combine(Path.GetTempPath(), "atmo-bench", "migration-" + Guid.NewGuid().ToString("N"), "atmo-edge.db");
    }

    [IterationSetup]
    public void Copy()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_copy)!);
        File.Copy(_legacy, _copy, overwrite: true);
    }

    [Benchmark(Description = "Migrate 10 devices × 90 days (1,296,000 records)")]
    public void Migrate()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var store = new LiteDbMinuteStore(new StorageOptions { Path = _copy }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        _seconds.Add(started.Elapsed.TotalSeconds);
    }

    [IterationCleanup]
    public void Delete() => Directory.Delete(Path.GetDirectoryName(_copy)!, recursive: true);

    [GlobalCleanup]
    public void Report()
    {
        if (_seconds.Count == 0)
            return;
        double median = StorageBenchReport.Percentile(_seconds, 50);
        StorageBenchReport.Line(string.Create(CultureInfo.InvariantCulture,
            $"migration: {_records:N0} records of {Devices} devices, x{_seconds.Count}: median {median:F2} s = {_records / median:N0} records/s"));
    }

    private sealed class MonitoringConfig : ManualConfig
    {
        public MonitoringConfig() =>
            // Each run migrates a fresh copy: one invocation per iteration, a handful of iterations.
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
    }
}
