using System.Globalization;
using System.Text;
using System.Text.Json;
using Atmo.Core;
using Atmo.Sync.Api;
using Atmo.Sync.Import;
using BenchmarkDotNet.Attributes;

namespace Atmo.Bench;

/// <summary>
/// Parsing one 10,000-record cloud page (JSON envelope, and the CSV export) into MinuteRecords,
/// side by side with JsonDocument.Parse alone (the floor of this design). Run by hand:
///   dotnet run -c Release --project bench/Atmo.Bench -- --filter '*CloudParse*'
/// Allocated/op is what one page costs the GC; the body itself (≈1.2 MB JSON) is extra and is held
/// by the client until the page is parsed.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class CloudParseBenchmarks
{
    private const int Records = 10_000;
    private static readonly MacAddress Device = MacAddress.Parse("C4:F1:2A:00:11:22");
    private byte[] _json = [];
    private string _csv = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var json = new StringBuilder("{\"status\":0,\"data\":{\"total\":10000,\"items\":[");
        var csv = new StringBuilder("Date (GMT);VOC (ppm);Temperature (C);Humidity (%);Pressure (mbar);PM1 (ug/m3);PM2.5 (ug/m3);PM10 (ug/m3);Latitude;Longitude\n");
        for (int i = 0; i < Records; i++)
        {
            DateTime t = start.AddMinutes(i);
            bool pm = i % 3 == 0;
            if (i > 0)
                json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $"{{\"time\":\"{t:yyyy-MM-ddTHH:mm:ss.fff}Z\",\"voc\":{0.2 + i % 500 / 1000.0:0.###}");
            if (pm)
                json.Append(CultureInfo.InvariantCulture, $",\"pm1\":{i % 7},\"pm25\":{i % 11},\"pm10\":{i % 13}");
            json.Append(CultureInfo.InvariantCulture, $",\"t\":{18 + i % 90 / 10.0:0.#},\"h\":{30 + i % 40},\"p\":{990 + i % 300 / 10.0:0.#},\"coords\":{{\"lat\":45.4641008,\"lon\":9.1898154}}}}");
            csv.Append(CultureInfo.InvariantCulture,
                $"{t:yyyy/MM/dd HH:mm};{0.2 + i % 500 / 1000.0:0.###};{18 + i % 90 / 10.0:0.#};{30 + i % 40};{990 + i % 300 / 10.0:0.#};{(pm ? i % 7 : "")};{(pm ? i % 11 : "")};{(pm ? i % 13 : "")};45.4641008;9.1898154\n");
        }
        json.Append("]}}");
        _json = Encoding.UTF8.GetBytes(json.ToString());
        _csv = csv.ToString();
        Console.WriteLine($"// JSON page: {_json.Length} bytes, CSV export: {Encoding.UTF8.GetByteCount(_csv)} bytes, {Records} records");
    }

    [Benchmark(Baseline = true)]
    public int JsonDocumentOnly()
    {
        using var document = JsonDocument.Parse(_json);
        return document.RootElement.GetProperty("data").GetProperty("items").GetArrayLength();
    }

    [Benchmark]
    public int CloudJsonPage() => CloudJsonParser.Parse(_json, Device).Records.Count;

    [Benchmark]
    public int CloudCsvExport() => CloudCsvParser.Parse(new StringReader(_csv), Device).Records.Count;
}
