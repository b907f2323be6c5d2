using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Atmo.Core;
using Atmo.Gateway.Data;
using Atmo.Gateway.Data.Output;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Data.Output;

public sealed class JsonDataWriterTests
{
    private static readonly MacAddress Device = TestData.ContractDevice;

    internal static async Task<string> WriteAsync(IReadOnlyList<MinuteRecord> items, GeoPosition? site = null, int? total = null)
    {
        using var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream);
        await JsonDataWriter.WriteAsync(pipe, MinuteStream.Of(new MinutePage(total ?? items.Count, items)), site, CancellationToken.None);
        await pipe.CompleteAsync();
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static MinuteRecord Record(int minute = 0) => new()
    {
        Device = Device, Time = new DateTime(2023, 11, 14, 0, minute, 0, DateTimeKind.Utc), Source = MinuteSource.Live,
    };

    [Fact]
    public async Task Unmeasured_values_are_left_out_not_null()
    {
        string json = await WriteAsync([Record() with { T = 21 }]);

        Assert.Equal("""{"status":0,"data":{"total":1,"items":[{"time":"2023-11-14T00:00:00.000Z","t":21}]}}""", json);
    }

    [Fact]
    public async Task Non_finite_values_count_as_not_measured()
    {
        string json = await WriteAsync([Record() with { Voc = double.NaN, T = double.PositiveInfinity, H = 40, Latitude = double.NaN, Longitude = 9 }]);

        Assert.Equal("""{"status":0,"data":{"total":1,"items":[{"time":"2023-11-14T00:00:00.000Z","h":40}]}}""", json);
    }

    [Fact]
    public async Task Voc_has_at_most_3_decimals_and_p_at_most_2()
    {
        string json = await WriteAsync([Record() with { Voc = 1.2406, P = 1013.256, Pm25 = 3.25 }]);

        Assert.Equal("""{"status":0,"data":{"total":1,"items":[{"time":"2023-11-14T00:00:00.000Z","voc":1.241,"pm25":3.25,"p":1013.26}]}}""", json);
    }

    [Fact]
    public async Task A_cloud_minute_is_written_exactly_as_the_cloud_sent_it()
    {
        string json = await WriteAsync([Record() with
        {
            Source = MinuteSource.Cloud, Voc = 1.2406, P = 1013.256, T = 23, Latitude = 36.17102679826757, Longitude = -115.09123299153981,
        }]);

        Assert.Equal(
            """{"status":0,"data":{"total":1,"items":[{"time":"2023-11-14T00:00:00.000Z","voc":1.2406,"t":23,"p":1013.256,"coords":{"lat":36.17102679826757,"lon":-115.09123299153981}}]}}""",
            json);
    }

    [Fact]
    public async Task Coords_need_both_halves_and_the_records_own_position_wins_over_the_site()
    {
        var site = new GeoPosition(50.5, 4.25);
        string json = await WriteAsync(
        [
            Record(2) with { Latitude = 45.4641008, Longitude = 9.1898154 },
            Record(1) with { Latitude = 45.4641008 },
            Record(0),
        ], site);

        Assert.Equal(
            """{"status":0,"data":{"total":3,"items":[""" +
            """{"time":"2023-11-14T00:02:00.000Z","coords":{"lat":45.4641008,"lon":9.1898154}},""" +
            """{"time":"2023-11-14T00:01:00.000Z","coords":{"lat":50.5,"lon":4.25}},""" +
            """{"time":"2023-11-14T00:00:00.000Z","coords":{"lat":50.5,"lon":4.25}}]}}""",
            json);
    }

    [Fact]
    public async Task A_site_with_a_non_finite_half_is_no_position()
    {
        string json = await WriteAsync([Record() with { H = 40 }], new GeoPosition(double.NaN, 4.25));

        Assert.Equal("""{"status":0,"data":{"total":1,"items":[{"time":"2023-11-14T00:00:00.000Z","h":40}]}}""", json);
    }

    [Fact]
    public async Task Every_value_present_gives_every_key_in_the_contract_order()
    {
        string json = await WriteAsync([Record() with { Voc = 0.5, Pm1 = 1, Pm25 = 2, Pm10 = 3, T = -4.5, H = 5, P = 1000, Latitude = -1, Longitude = 2 }]);

        Assert.Equal(
            """{"status":0,"data":{"total":1,"items":[{"time":"2023-11-14T00:00:00.000Z","voc":0.5,"pm1":1,"pm25":2,"pm10":3,"t":-4.5,"h":5,"p":1000,"coords":{"lat":-1,"lon":2}}]}}""",
            json);
    }

    [Fact]
    public async Task Total_is_written_as_given_by_the_store_not_the_page_size()
    {
        string json = await WriteAsync([Record()], total: 1468);

        Assert.StartsWith("""{"status":0,"data":{"total":1468,"items":[""", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_page_flushes_in_chunks_and_stays_valid_json()
    {
        var items = Enumerable.Range(0, 11_520).Select(i => Record() with
        {
            Time = new DateTime(2023, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i),
            Voc = i / 1000.0, Pm1 = i % 7, Pm25 = i % 11, Pm10 = i % 13, T = 20 + i % 10 / 10.0, H = 40, P = 1000 + i % 100 / 100.0,
        }).ToList();

        string json = await WriteAsync(items);

        using var document = JsonDocument.Parse(json);
        JsonElement written = document.RootElement.GetProperty("data").GetProperty("items");
        Assert.Equal(11_520, written.GetArrayLength());
        Assert.Equal("2023-11-08T23:59:00.000Z", written[11_519].GetProperty("time").GetString());
        Assert.Equal(11.519, written[11_519].GetProperty("voc").GetDouble());
    }
}
