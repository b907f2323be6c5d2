using System.Diagnostics;
using System.Globalization;
using Atmo.Core;
using Atmo.Storage;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Bench;

/// <summary>
/// Issue 11: query cost flat with the number of devices in the file. The queried device holds every minute of
/// 8 days; beside it 10 or 10,000 devices, each with a minute in every one of those hours, all written hour by
/// hour as a collector would (so the device's hour documents sit among everyone else's). Generated once into the
/// temp folder and reused. Run: <c>dotnet run -c Release --project bench/Atmo.Bench -- --filter '*StorageScale*'</c>
/// </summary>
[Config(typeof(StoreQueryConfig))]
public class StorageScaleBenchmarks
{
    private const int Days = 8;
    private static readonly DateTime End = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly MacAddress Device = SyntheticStore.Device(0);
    private LiteDbMinuteStore _store = null!;

    [Params(10, 10_000)]
    public int Devices { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string path = SyntheticStore.CachedPath($"scale-{Devices}-devices");
        if (!File.Exists(path))
            Create(path);
        _store = new LiteDbMinuteStore(new StorageOptions { Path = path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        if (_store.Devices().Count != Devices + 1)
            throw new InvalidOperationException($"expected {Devices + 1} devices in {path}");
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Description = "One day, limit 1440, newest first")]
    public MinutePage OneDay() => _store.Query(new MinuteQuery(Device, End.AddDays(-1), End, SortOrder.Descending, 0, 1440));

    [Benchmark(Description = "Newest 100, no range (total of all)")]
    public MinutePage Newest100() => _store.Query(new MinuteQuery(Device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Descending, 0, 100));

    [Benchmark(Description = "7 days streamed: read and decode every minute")]
    public double SevenDaysStreamed()
    {
        double sum = 0;
        foreach (StoredMinute minute in _store.StreamQuery(new MinuteQuery(Device, End.AddDays(-7), End, SortOrder.Ascending)).Items)
            sum += minute.T ?? 0;
        return sum;
    }

    /// <summary>Hour by hour: the queried device's 60 minutes and one minute of every other device, one commit each.</summary>
    private void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stopwatch = Stopwatch.StartNew();
        long records = 0;
        var options = new StorageOptions { Path = path, Durability = CommitDurability.ProcessCrashOnly };
        using (var store = new LiteDbMinuteStore(options, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance))
        {
            DateTime first = End.AddDays(-Days);
            for (DateTime hour = first; hour < End; hour = hour.AddHours(1))
            {
                List<MinuteRecord> batch = SyntheticStore.HistoryBatch(Device, hour, 60, seed: hour.Hour);
                for (int other = 1; other <= Devices; other++)
                    batch.Add(SyntheticStore.HistoryBatch(SyntheticStore.Device(other), hour.AddMinutes(other % 60), 1, seed: other)[0]);
                records += store.Write(batch).Inserted;
            }
        }

        StorageBenchReport.Line(string.Create(CultureInfo.InvariantCulture,
            $"scale: generated {records:N0} records of {Devices + 1} devices in {stopwatch.Elapsed.TotalSeconds:F1} s; file {DatabaseFiles.SizeOf(path) / 1e6:F1} MB"));
    }
}
