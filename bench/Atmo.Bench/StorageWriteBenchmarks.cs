using System.Diagnostics;
using System.Globalization;
using Atmo.Core;
using Atmo.Storage;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Bench;

/// <summary>
/// Durable writes side by side for each <see cref="CommitDurability"/>: a 255-record history
/// batch (what a device sends; ingest rate = 255 / time) and one live minute (what the collector
/// writes per device per minute). The store starts empty and grows as the run goes.
/// Run: <c>dotnet run -c Release --project bench/Atmo.Bench -- --filter '*StorageWrite*'</c>
/// </summary>
[Config(typeof(ShortConfig))]
public class StorageWriteBenchmarks
{
    private const int BatchSize = 255;
    private string _folder = "";
    private LiteDbMinuteStore _store = null!;
    private DateTime _nextHistory;
    private DateTime _nextLive;
    private readonly List<double> _historyMs = [];
    private readonly List<double> _liveMs = [];
    private (long Storage, long Written) _ioBefore;
    private static readonly MacAddress HistoryDevice = SyntheticStore.Device(0);
    private static readonly MacAddress LiveDevice = SyntheticStore.Device(1);

    [Params(CommitDurability.FsyncLog, CommitDurability.CheckpointEachCommit, CommitDurability.ProcessCrashOnly)]
    public CommitDurability Durability { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "atmo-bench", "write-" + Guid.NewGuid().ToString("N"));
        _store = new LiteDbMinuteStore(
            new StorageOptions { Path = Path.Combine(_folder, "atmo-edge.db"), Durability = Durability },
            TimeProvider.System,
            NullLogger<LiteDbMinuteStore>.Instance);
        _nextHistory = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        _nextLive = _nextHistory;
        _ioBefore = StorageBenchReport.ProcessIo();
    }

    [Benchmark(Description = "Write 255-record history batch")]
    public WriteResult HistoryBatch()
    {
        List<MinuteRecord> batch = SyntheticStore.HistoryBatch(HistoryDevice, _nextHistory, BatchSize, seed: _historyMs.Count);
        _nextHistory = _nextHistory.AddMinutes(BatchSize);
        long start = Stopwatch.GetTimestamp();
        WriteResult result = _store.Write(batch);
        _historyMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    [Benchmark(Description = "Write one live minute")]
    public WriteResult LiveMinute()
    {
        MinuteRecord live = SyntheticStore.HistoryBatch(LiveDevice, _nextLive, 1, seed: _liveMs.Count)[0] with { Source = MinuteSource.Live };
        _nextLive = _nextLive.AddMinutes(1);
        long start = Stopwatch.GetTimestamp();
        WriteResult result = _store.Write([live]);
        _liveMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose(); // includes LiteDB's final checkpoint: the second copy of every page
        (long storage, long written) = StorageBenchReport.ProcessIo();
        storage -= _ioBefore.Storage;
        written -= _ioBefore.Written;
        if (_historyMs.Count > 0)
        {
            double median = StorageBenchReport.Percentile(_historyMs, 50);
            StorageBenchReport.Line(string.Create(CultureInfo.InvariantCulture,
                $"{Durability}: 255-record batch x{_historyMs.Count}: median {median:F2} ms, p99 {StorageBenchReport.Percentile(_historyMs, 99):F2} ms, {BatchSize / median * 1000:F0} records/s at the median; bytes per record: {(double)written / (_historyMs.Count * BatchSize):F0} written, {(double)storage / (_historyMs.Count * BatchSize):F0} to storage"));
        }

        if (_liveMs.Count > 0)
        {
            StorageBenchReport.Line(string.Create(CultureInfo.InvariantCulture,
                $"{Durability}: live minute x{_liveMs.Count}: median {StorageBenchReport.Percentile(_liveMs, 50):F2} ms, p99 {StorageBenchReport.Percentile(_liveMs, 99):F2} ms; per device-day (1440 live minutes): {written / (double)_liveMs.Count * 1440 / 1e6:F1} MB written, {storage / (double)_liveMs.Count * 1440 / 1e6:F1} MB to storage"));
        }

        Directory.Delete(_folder, recursive: true);
    }

    private sealed class ShortConfig : ManualConfig
    {
        public ShortConfig()
        {
            // Each invocation writes new minutes, so state carries over; a short fixed schedule keeps the run to minutes.
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithInvocationCount(20).WithUnrollFactor(1));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        }
    }
}
