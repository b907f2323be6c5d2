using System.IO.Pipelines;
using Atmo.Core;
using Atmo.Gateway;
using Atmo.Gateway.Data;
using Atmo.Gateway.Data.Output;
using Atmo.Storage;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Bench;

/// <summary>
/// <c>GET /api/v1/data</c> end to end over loopback HTTP (the real app on Kestrel) against the
/// serialization floor: the same records through the same writers into memory.
/// One request per iteration, 200 iterations, so Median and P99 are per request; "Allocated" is
/// per request too, everything the process allocated (Kestrel, the store, the writers and the
/// HttpClient reading the answer). 10 devices × 10 or 90 days of every minute (SyntheticStore),
/// served from the real LiteDB store (streamed: decoded hour by hour while written) or, to see the
/// API's own cost, from sorted in-memory arrays holding the same records.
///   dotnet run -c Release --project bench/Atmo.Bench -- --filter '*ApiBenchmarks*'
/// </summary>
[Config(typeof(Config))]
public class ApiBenchmarks
{
    public const int Devices = 10;

    /// <summary>The same synthetic stores as <see cref="StorageQueryBenchmarks"/> (shared files in the temp folder).</summary>
    private static readonly DateTime End = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly DateOnly LastDay = DateOnly.FromDateTime(End.AddDays(-1));

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // 100 warm-up requests: on 2 loaded cores tiered JIT needs about 60 before the first HTTP
            // case reaches its steady state (with 20, its first measured requests were 3-4x slower).
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Monitoring)
                .WithInvocationCount(1).WithUnrollFactor(1)
                .WithWarmupCount(100).WithIterationCount(200));
            AddColumn(StatisticColumn.Median, new P99Column());
            AddDiagnoser(MemoryDiagnoser.Default);
            WithOption(ConfigOptions.DisableOptimizationsValidator, true);
        }
    }

    /// <summary>Days of minutes stored per device.</summary>
    [Params(10, 90)]
    public int DaysStored { get; set; }

    /// <summary>memory: a near-free store (the API alone); litedb: the real store when it has landed.</summary>
    [Params("memory", "litedb")]
    public string Store { get; set; } = "memory";

    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private IMinuteStore _store = null!;
    private MinuteStream _sevenDays = null!;
    private readonly MemoryStream _sink = new(4 << 20);
    private readonly byte[] _readBuffer = new byte[64 * 1024];

    private static readonly MacAddress Device = SyntheticStore.Device(3);
    private string _mac = Device.ToString();
    private const string Key = "bench-key-0123456789";

    private static readonly string Week = $"start_date={LastDay.AddDays(-7):yyyy-MM-dd}&end_date={LastDay:yyyy-MM-dd}";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        string path = SyntheticStore.CachedPath($"store-{Devices}x{DaysStored}d");
        if (!File.Exists(path))
            SyntheticStore.Create(path, Devices, DaysStored, End);
        var liteDb = new LiteDbMinuteStore(new StorageOptions { Path = path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        if (Store == "memory")
        {
            // The very same records, served from sorted arrays: the HTTP API without the store's cost.
            _store = new SortedMemoryStore(liteDb.Devices().SelectMany(d => liteDb.Query(new MinuteQuery(d, DateTime.UnixEpoch, End)).Items));
            liteDb.Dispose();
        }
        else
        {
            _store = liteDb;
        }

        _app = GatewayApp.Build(
            ["--urls=http://127.0.0.1:0", $"--Api:Keys:0={Key}", "--Api:RateLimitPerMinute=1000000",
             $"--Storage:Path={Path.Combine(Path.GetTempPath(), "atmo-bench-unused", "a.db")}", "--Logging:LogLevel:Default=Warning"],
            services => services.AddSingleton(_store));
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
        _mac = Device.ToString();
        DayRange week = new(LastDay.AddDays(-7), LastDay);
        // The floor serialises the very same minutes from an array in memory.
        MinuteStream week7 = _store.StreamQuery(new MinuteQuery(Device, week.From, week.To));
        _sevenDays = new MinuteStream(week7.Total, week7.Items.ToArray());
        if (_sevenDays.Total != 8 * 1440 || _sevenDays.Items.Count() != 8 * 1440)
            throw new InvalidOperationException($"expected 11,520 records in the week, got {_sevenDays.Total}");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        (_store as IDisposable)?.Dispose();
    }

    [Benchmark(Description = "floor: 7-day JSON serialization in memory")]
    public async Task<long> SerializeJson7Days()
    {
        PipeWriter pipe = Sink();
        await JsonDataWriter.WriteAsync(pipe, _sevenDays, null, CancellationToken.None);
        await pipe.CompleteAsync();
        return _sink.Length;
    }

    [Benchmark(Description = "floor: 7-day CSV serialization in memory")]
    public async Task<long> SerializeCsv7Days()
    {
        PipeWriter pipe = Sink();
        await CsvDataWriter.WriteAsync(pipe, _sevenDays.Items, (byte)';', null, CancellationToken.None);
        await pipe.CompleteAsync();
        return _sink.Length;
    }

    [Benchmark(Description = "HTTP: 7-day range JSON")]
    public Task<long> Http7DaysJson() => GetAsync(Week);

    [Benchmark(Description = "HTTP: 7-day range CSV")]
    public Task<long> Http7DaysCsv() => GetAsync(Week + "&format=csv");

    [Benchmark(Description = "HTTP: one day, limit=1440")]
    public Task<long> HttpOneDay1440() => GetAsync($"date={LastDay.AddDays(-3):yyyy-MM-dd}&limit=1440");

    [Benchmark(Description = "HTTP: newest first, limit=100")]
    public Task<long> HttpNewest100() => GetAsync("limit=100");

    private PipeWriter Sink()
    {
        _sink.SetLength(0);
        return PipeWriter.Create(_sink, new StreamPipeWriterOptions(leaveOpen: true));
    }

    private async Task<long> GetAsync(string query)
    {
        using HttpResponseMessage response = await _client.GetAsync(
            new Uri($"/api/v1/data?api_key={Key}&mac={_mac}&{query}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using Stream body = await response.Content.ReadAsStreamAsync();
        long length = 0;
        int read;
        while ((read = await body.ReadAsync(_readBuffer)) > 0)
            length += read;
        return length;
    }

    /// <summary>The 99th percentile of the per-request times.</summary>
    private sealed class P99Column : IColumn
    {
        public string Id => nameof(P99Column);
        public string ColumnName => "P99";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Statistics;
        public int PriorityInCategory => 10;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Time;
        public string Legend => "99th percentile of the per-request times";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            return statistics is null ? "-" : (statistics.Percentiles.Percentile(99) / 1e6).ToString("0.000 'ms'", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
