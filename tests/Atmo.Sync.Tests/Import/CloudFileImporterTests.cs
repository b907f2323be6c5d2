using System.Globalization;
using System.Text;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Storage;
using Atmo.Sync.Api;
using Atmo.Sync.Import;
using Atmo.Sync.Tests.Support;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Sync.Tests.Import;

public sealed class CloudFileImporterTests : IDisposable
{
    private static readonly MacAddress Device = MacAddress.Parse("C4:F1:2A:00:11:22");
    private static readonly DateTime First = new(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);

    private readonly TempFolder _folder = new();
    private readonly LiteDbMinuteStore _store;
    private readonly FakeLogger<CloudFileImporter> _logger = new();
    private readonly CloudFileImporter _importer;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public CloudFileImporterTests()
    {
        _store = new LiteDbMinuteStore(new StorageOptions { Path = Path.Combine(_folder.Path, "atmo-edge.db") }, _clock,
            NullLogger<LiteDbMinuteStore>.Instance);
        _importer = new CloudFileImporter(_store, _clock, _logger);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private static List<MinuteRecord> Sample(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Records.Make(Device, First.AddMinutes(i), MinuteSource.Cloud))];

    private string Write(string name, string content)
    {
        string path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task Json_round_trip_and_a_second_import_inserts_nothing()
    {
        List<MinuteRecord> records = Sample(2500);
        string path = Write("saved.json", ToJson(records));
        var progress = new List<ImportProgress>();

        ImportSummary first = await _importer.ImportAsync(path, Device, new Immediate<ImportProgress>(progress.Add));
        ImportSummary second = await _importer.ImportAsync(path, Device);

        Assert.Equal(("json", 2500, 2500, 0), (first.Format, first.Read, first.Inserted, first.Rejected.Count));
        Assert.Equal((0, 2500), (second.Inserted, second.Unchanged));
        AssertStored(records);
        Assert.Contains(progress, p => p.Stage == "parsing" && p.Records == 2000);   // a progress line for large files
        Assert.Equal("done", progress[^1].Stage);
    }

    [Theory]
    [InlineData(';')]
    [InlineData(',')]
    public async Task Csv_round_trip_with_either_separator(char separator)
    {
        List<MinuteRecord> records = Sample(300);
        string path = Write("export.csv", ToCsv(records, separator));

        ImportSummary first = await _importer.ImportAsync(path, Device);
        ImportSummary second = await _importer.ImportAsync(path, Device);

        Assert.Equal(("csv", 300, 300), (first.Format, first.Read, first.Inserted));
        Assert.Equal(0, second.Inserted);
        AssertStored(records);
    }

    [Fact]
    public async Task The_format_is_sniffed_when_the_name_does_not_tell()
    {
        string path = Write("download", ToCsv(Sample(3), ';'));
        Assert.Equal("csv", (await _importer.ImportAsync(path, Device)).Format);
        path = Write("download2", "  " + ToJson(Sample(3)));
        Assert.Equal("json", (await _importer.ImportAsync(path, Device)).Format);
    }

    [Fact]
    public async Task Future_rows_are_rejected_implausible_values_dropped_alone_and_the_rest_imported()
    {
        string csv = ToCsv(Sample(5), ';').Replace("\n2026/11/20 08:02;", "\n2026/11/20 08:02;-4", StringComparison.Ordinal);
        csv += "2099/01/01 00:00;1;20;50;1000;;;;;\n";
        string path = Write("mixed.csv", csv);
        // As in the daemon: the import writes through the store's gate.
        var importer = new CloudFileImporter(new PlausibleMinuteStore(_store, _clock), _clock, _logger);

        ImportSummary summary = await importer.ImportAsync(path, Device);

        Assert.Equal(5, summary.Inserted);
        Assert.Equal(1, summary.ValuesDropped);
        RejectedRecord rejected = Assert.Single(summary.Rejected);
        Assert.Equal("time is later than now + 1 min", rejected.Reason);
        MinuteRecord kept = _store.Query(new MinuteQuery(Device, new DateTime(2026, 11, 20, 8, 2, 0, DateTimeKind.Utc), new DateTime(2026, 11, 20, 8, 3, 0, DateTimeKind.Utc))).Items.Single();
        Assert.Null(kept.Voc);
        Assert.NotNull(kept.T);
    }

    [Theory]
    [InlineData("bad.csv", "Date (GMT);VOC (ppm);Temperature (C)\n2026/11/20 08:00;1;20\n2026/11/20 08:01;1\n", "line 3: 2 fields, but the header has 3")]
    [InlineData("bad.csv", "Date (GMT);VOC (ppm)\n2026/11/20 08:00;1\n2026/11/20 08:01;1,5\n", "line 3: column 2 '1,5' is not a number")]
    [InlineData("bad.csv", "Date (GMT);VOC (ppm)\n2026/11/20 08:00;1\n\nsoon;1\n", "line 4: 'soon' is not a date")]
    [InlineData("bad.csv", "VOC (ppm);Temperature (C)\n1;2\n", "line 1: no 'Date (GMT)' column")]
    [InlineData("bad.csv", "", "line 1: the file is empty")]
    [InlineData("bad.json", """{"status":0,"data":{"items":[{"time":"2026-11-20T08:00:00.000Z","voc":1},{"time":"2026-11-20T08:01:00.000Z","t":{}}]}}""", "record 1: \"t\" is a JSON object")]
    [InlineData("bad.json", """{"status":0,"data":{"items":[{"time":"2026-11-20T08:00:00.000Z","voc":1},""", "not valid JSON")]
    [InlineData("bad.json", """{"items":[]}""", "unexpected envelope")]
    public async Task Bad_files_name_the_line_or_record_and_write_nothing(string name, string content, string expected)
    {
        MinuteRecord before = Records.Make(Device, First.AddDays(-1), MinuteSource.History);
        _store.Write([before]);
        string path = Write(name, content);

        CloudFormatException e = await Assert.ThrowsAsync<CloudFormatException>(() => _importer.ImportAsync(path, Device));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        MinuteRecord only = Assert.Single(_store.Query(new MinuteQuery(Device, First.AddDays(-2), First.AddDays(2))).Items);
        Assert.True(only.HasSameValues(before));            // the valid rows before the bad one were not written either
    }

    [Fact]
    public async Task A_file_named_after_the_request_url_does_not_leak_the_key()
    {
        string path = Write("data?api_key=SECRET123&mac=C4F12A001122.json", "<html>oops</html>");

        CloudFormatException e = await Assert.ThrowsAsync<CloudFormatException>(() => _importer.ImportAsync(path, Device));
        FileNotFoundException missing = await Assert.ThrowsAsync<FileNotFoundException>(
            () => _importer.ImportAsync(Path.Combine(_folder.Path, "x?api_key=SECRET123"), Device));

        Assert.DoesNotContain("SECRET123", e.Message, StringComparison.Ordinal);
        Assert.Contains("api_key=***", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET123", missing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET123", _logger.Collector.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cloud_records_replace_live_but_never_history()
    {
        List<MinuteRecord> records = Sample(3);
        _store.Write([
            Records.Make(Device, First, MinuteSource.History, offset: 0.1),
            Records.Make(Device, First.AddMinutes(1), MinuteSource.Live, offset: 0.2)]);
        string path = Write("saved.json", ToJson(records));

        ImportSummary summary = await _importer.ImportAsync(path, Device);

        Assert.Equal((1, 1, 1, 1), (summary.Inserted, summary.ReplacedLive, summary.Unchanged, summary.Disagreements));
        IReadOnlyList<MinuteRecord> stored = _store.Query(new MinuteQuery(Device, First, First.AddDays(1), SortOrder.Ascending)).Items;
        Assert.Equal([MinuteSource.History, MinuteSource.Cloud, MinuteSource.Cloud], stored.Select(r => r.Source));
    }

    private void AssertStored(List<MinuteRecord> expected)
    {
        IReadOnlyList<MinuteRecord> stored = _store.Query(new MinuteQuery(Device, First, First.AddDays(30), SortOrder.Ascending)).Items;
        Assert.Equal(expected.Count, stored.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Time, stored[i].Time);
            Assert.Equal(MinuteSource.Cloud, stored[i].Source);
            Assert.True(expected[i].HasSameValues(stored[i]), $"{expected[i]} != {stored[i]}");
        }
    }

    /// <summary>The contract's JSON, newest first, values left out when not measured.</summary>
    internal static string ToJson(IEnumerable<MinuteRecord> records)
    {
        var items = records.OrderByDescending(r => r.Time).Select(r =>
        {
            var fields = new List<string> { $"\"time\":\"{r.Time:yyyy-MM-ddTHH:mm:ss.fff}Z\"" };
            void Add(string name, double? v)
            {
                if (v is double d)
                    fields.Add(string.Create(CultureInfo.InvariantCulture, $"\"{name}\":{d:R}"));
            }
            Add("voc", r.Voc); Add("pm1", r.Pm1); Add("pm25", r.Pm25); Add("pm10", r.Pm10); Add("t", r.T); Add("h", r.H); Add("p", r.P);
            if (r.Latitude is double lat && r.Longitude is double lon)
                fields.Add(string.Create(CultureInfo.InvariantCulture, $"\"coords\":{{\"lat\":{lat:R},\"lon\":{lon:R}}}"));
            return "{" + string.Join(',', fields) + "}";
        }).ToList();
        return $"{{\"status\":0,\"data\":{{\"total\":{items.Count},\"items\":[{string.Join(",\n", items)}]}}}}";
    }

    internal static string ToCsv(IEnumerable<MinuteRecord> records, char s)
    {
        var text = new StringBuilder($"Date (GMT){s}VOC (ppm){s}Temperature (C){s}Humidity (%){s}Pressure (mbar){s}PM1 (ug/m3){s}PM2.5 (ug/m3){s}PM10 (ug/m3){s}Latitude{s}Longitude\n");
        foreach (MinuteRecord r in records)
        {
            text.Append(r.Time.ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture));
            foreach (double? v in new[] { r.Voc, r.T, r.H, r.P, r.Pm1, r.Pm25, r.Pm10, r.Latitude, r.Longitude })
                text.Append(s).Append(v?.ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }

    private sealed class Immediate<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
