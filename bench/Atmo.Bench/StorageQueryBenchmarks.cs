using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Atmo.Core;
using Atmo.Storage;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Bench;

/// <summary>
/// Store-level queries on 10 devices × 10 or 90 days of minutes (144,000 / 1,296,000 records),
/// next to the cost of serializing the 7-day result to JSON from memory (the HTTP target is
/// ≤ 2× that, end to end). The stores are generated once into the temp folder and reused.
/// Run: <c>dotnet run -c Release --project bench/Atmo.Bench -- --filter '*StorageQuery*'</c>
/// </summary>
[Config(typeof(StoreQueryConfig))]
public class StorageQueryBenchmarks
{
    private const int Devices = 10;
    private static readonly DateTime End = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly MacAddress Device = SyntheticStore.Device(3);
    private LiteDbMinuteStore _store = null!;
    private List<MinuteRecord> _sevenDays = [];
    private readonly ArrayBufferWriter<byte> _json = new(2_000_000);

    [Params(10, 90)]
    public int Days { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string path = SyntheticStore.CachedPath($"store-{Devices}x{Days}d");
        if (!File.Exists(path))
        {
            SyntheticStoreInfo info = SyntheticStore.Create(path, Devices, Days, End);
            StorageBenchReport.Line(string.Create(CultureInfo.InvariantCulture,
                $"generated {info.Records:N0} records ({Devices} devices x {Days} days) in {info.Elapsed.TotalSeconds:F1} s = {info.Records / info.Elapsed.TotalSeconds:N0} records/s; file {info.FileBytes / 1e6:F1} MB = {info.FileBytes / (info.Records / 1e6) / 1e6:F1} MB per million records"));
        }

        _store = new LiteDbMinuteStore(new StorageOptions { Path = path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        _sevenDays = [.. SevenDays().Items];
        if (_sevenDays.Count != 8 * 1440)
            throw new InvalidOperationException($"expected 11,520 records, got {_sevenDays.Count}");
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Description = "One day, limit 1440, newest first")]
    public MinutePage OneDay() => _store.Query(new MinuteQuery(Device, End.AddDays(-1), End, SortOrder.Descending, 0, 1440));

    [Benchmark(Description = "Newest 100, no range (total of all)")]
    public MinutePage Newest100() => _store.Query(new MinuteQuery(Device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Descending, 0, 100));

    [Benchmark(Description = "8 calendar days, 11,520 records")]
    public MinutePage SevenDays() => _store.Query(new MinuteQuery(Device, End.AddDays(-8), End, SortOrder.Ascending));

    [Benchmark(Description = "8 calendar days streamed: the read (total, hour blobs)")]
    public int SevenDaysStreamRead() => _store.StreamQuery(new MinuteQuery(Device, End.AddDays(-8), End, SortOrder.Ascending)).Total;

    [Benchmark(Description = "8 calendar days streamed: read and decode every minute")]
    public double SevenDaysStreamDecoded()
    {
        double sum = 0;
        foreach (StoredMinute minute in _store.StreamQuery(new MinuteQuery(Device, End.AddDays(-8), End, SortOrder.Ascending)).Items)
            sum += minute.T ?? 0;
        return sum;
    }

    [Benchmark(Baseline = true, Description = "JSON of the 11,520 records from memory")]
    public int SevenDaysJsonFromMemory()
    {
        _json.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_json);
        writer.WriteStartObject();
        writer.WriteNumber("status", 0);
        writer.WriteStartObject("data");
        writer.WriteNumber("total", _sevenDays.Count);
        writer.WriteStartArray("items");
        foreach (MinuteRecord record in _sevenDays)
        {
            writer.WriteStartObject();
            writer.WriteString("time", record.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            Number(writer, "voc", record.Voc);
            Number(writer, "pm1", record.Pm1);
            Number(writer, "pm25", record.Pm25);
            Number(writer, "pm10", record.Pm10);
            Number(writer, "t", record.T);
            Number(writer, "h", record.H);
            Number(writer, "p", record.P);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        return _json.WrittenCount;
    }

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is double number)
            writer.WriteNumber(name, number);
    }
}
