using System.IO.Pipelines;
using System.Text;
using Atmo.Core;
using Atmo.Gateway.Data;
using Atmo.Gateway.Data.Output;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Data.Output;

public sealed class CsvDataWriterTests
{
    private const string Header = "Date (GMT);VOC (ppm);Temperature (C);Humidity (%);Pressure (mbar);PM1 (ug/m3);PM2.5 (ug/m3);PM10 (ug/m3);Latitude;Longitude\n";

    private static async Task<string> WriteAsync(IReadOnlyList<MinuteRecord> items, byte separator = (byte)';', GeoPosition? site = null)
    {
        using var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream);
        await CsvDataWriter.WriteAsync(pipe, items.Select(StoredMinute.Of), separator, site, CancellationToken.None);
        await pipe.CompleteAsync();
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static MinuteRecord Record() => new()
    {
        Device = TestData.ContractDevice, Time = new DateTime(2023, 11, 14, 7, 5, 0, DateTimeKind.Utc), Source = MinuteSource.Live,
    };

    [Fact]
    public async Task Empty_result_is_the_header_alone()
    {
        Assert.Equal(Header, await WriteAsync([]));
    }

    [Fact]
    public async Task Columns_follow_the_header_and_rounding_matches_json()
    {
        string csv = await WriteAsync([Record() with { Voc = 1.2406, T = 21.5, H = 40, P = 1013.256, Pm1 = 1, Pm25 = 2, Pm10 = 3, Latitude = -33.5, Longitude = 151.25 }]);

        Assert.Equal(Header + "2023/11/14 07:05;1.241;21.5;40;1013.26;1;2;3;-33.5;151.25\n", csv);
    }

    [Fact]
    public async Task A_cloud_minute_is_written_exactly_as_the_cloud_sent_it()
    {
        string csv = await WriteAsync([Record() with { Source = MinuteSource.Cloud, Voc = 1.2406, P = 1013.256, Latitude = 36.164093017578125, Longitude = -115.08294550321567 }]);

        Assert.Equal(Header + "2023/11/14 07:05;1.2406;;;1013.256;;;;36.164093017578125;-115.08294550321567\n", csv);
    }

    [Fact]
    public async Task Missing_and_non_finite_values_are_empty_fields_and_the_site_fills_the_position()
    {
        string csv = await WriteAsync([Record() with { Voc = double.NaN, H = 40 }], site: new GeoPosition(50.5, 4.25));

        Assert.Equal(Header + "2023/11/14 07:05;;;40;;;;;50.5;4.25\n", csv);
    }

    [Fact]
    public async Task A_large_page_has_one_line_per_record()
    {
        var items = Enumerable.Range(0, 11_520).Select(i => Record() with { Time = new DateTime(2023, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i), T = i }).ToList();

        string[] lines = (await WriteAsync(items, (byte)',')).Split('\n');

        Assert.Equal(11_522, lines.Length); // header, 11,520 rows, and the empty string after the last \n
        Assert.Equal("2023/11/08 23:59,,11519,,,,,,,", lines[11_520]);
        Assert.Equal("", lines[^1]);
    }
}
