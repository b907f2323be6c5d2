using System.Text;
using Atmo.Core;
using Atmo.Sync.Api;

namespace Atmo.Sync.Tests.Api;

public class CloudJsonParserTests
{
    private static readonly MacAddress Device = MacAddress.Parse("C4:F1:2A:00:11:22");

    private static CloudPage Parse(string json) => CloudJsonParser.Parse(Encoding.UTF8.GetBytes(json), Device);

    [Fact]
    public void Parses_the_contract_example()
    {
        CloudPage page = Parse("""
            {"status":0,"data":{"total":2,"items":[
              {"time":"2023-11-14T23:53:00.000Z","voc":1.241,"pm1":1,"pm25":3,"pm10":5,"t":28,"h":15,"p":953.2,"coords":{"lat":45.4641008,"lon":9.1898154}},
              {"time":"2023-11-14T23:52:00.000Z","voc":2.012,"t":28,"h":15,"p":953.2}]}}
            """);
        Assert.Equal(2, page.Total);
        MinuteRecord first = page.Records[0];
        Assert.Equal(new DateTime(2023, 11, 14, 23, 53, 0, DateTimeKind.Utc), first.Time);
        Assert.Equal(DateTimeKind.Utc, first.Time.Kind);
        Assert.Equal(MinuteSource.Cloud, first.Source);
        Assert.Equal((1.241, 1d, 3d, 5d, 28d, 15d, 953.2, 45.4641008, 9.1898154),
            (first.Voc, first.Pm1!.Value, first.Pm25!.Value, first.Pm10!.Value, first.T!.Value, first.H!.Value, first.P!.Value, first.Latitude!.Value, first.Longitude!.Value));
        Assert.Null(page.Records[1].Pm25);
        Assert.Null(page.Records[1].Latitude);
    }

    [Fact]
    public void Tolerates_nulls_extra_keys_numbers_as_strings_and_seconds()
    {
        CloudPage page = Parse("""
            {"status":0,"extra":{"x":1},"data":{"items":[
              {"time":"2024-01-02T03:04:35Z","voc":"0.5","pm25":null,"t":"","aqs":87,"coords":null,"battery":"low"}]}}
            """);
        MinuteRecord r = Assert.Single(page.Records);
        Assert.Null(page.Total);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 0, DateTimeKind.Utc), r.Time);   // floored to the minute
        Assert.Equal(0.5, r.Voc);
        Assert.Null(r.Pm25);
        Assert.Null(r.T);
    }

    [Theory]
    [InlineData("2024-01-02T03:04:00.000Z", 3)]
    [InlineData("2024-01-02T03:04:00", 3)]            // no offset: UTC, whatever the machine's time zone
    [InlineData("2024-01-02T05:04:00+02:00", 3)]
    [InlineData("2024/01/02 03:04", 3)]               // the CSV form
    public void Times_in_any_offset_become_the_utc_minute(string time, int hour)
    {
        MinuteRecord r = Assert.Single(Parse($"{{\"data\":{{\"items\":[{{\"time\":\"{time}\"}}]}}}}").Records);
        Assert.Equal(new DateTime(2024, 1, 2, hour, 4, 0, DateTimeKind.Utc), r.Time);
        Assert.Equal(DateTimeKind.Utc, r.Time.Kind);
    }

    [Fact]
    public void Empty_items_is_an_empty_page()
    {
        CloudPage page = Parse("""{"status":0,"data":{"total":0,"items":[]}}""");
        Assert.Empty(page.Records);
        Assert.Equal(0, page.ItemCount);
    }

    [Fact]
    public void Duplicate_minutes_keep_the_first()
    {
        CloudPage page = Parse("""{"data":{"items":[{"time":"2024-01-02T03:04:00Z","voc":1},{"time":"2024-01-02T03:04:30Z","voc":2}]}}""");
        Assert.Equal(1, Assert.Single(page.Records).Voc);
        Assert.Equal(1, page.Duplicates);
    }

    [Theory]
    [InlineData("""{"status":0,"data":{"items":[{"time":"2024-01-02T03:04:00Z","voc":1.0},""", "not valid JSON")]
    [InlineData("<html><body>502</body></html>", "not valid JSON")]
    [InlineData("""[1,2]""", "record 0: is a JSON number")]
    [InlineData("""{"error":"maintenance"}""", "no \"data\" object")]
    [InlineData("""{"status":0,"data":{"items":{}}}""", "\"data.items\" is missing or not an array")]
    [InlineData("""{"status":500,"message":"boom api_key=abc"}""", "status 500: boom api_key=***")]
    [InlineData(""" "just a string" """, "the body is a JSON string")]
    [InlineData("""{"data":{"items":[{"time":"2024-01-02T03:04:00Z"},{"time":"2024-01-02T03:05:00Z","voc":true}]}}""", "record 1: \"voc\" is a JSON boolean")]
    [InlineData("""{"data":{"items":[{"time":1700000000,"voc":1}]}}""", "record 0: \"time\" is a JSON number")]
    [InlineData("""{"data":{"items":[{"voc":1}]}}""", "record 0: has no \"time\"")]
    [InlineData("""{"data":{"items":[{"time":"yesterday"}]}}""", "record 0: \"time\" is not a date")]
    [InlineData("""{"data":{"items":[{"time":"2024-01-02T03:04:00Z","pm25":"n/a"}]}}""", "record 0: \"pm25\" is a string that is not a number")]
    [InlineData("""{"data":{"items":[{"time":"2024-01-02T03:04:00Z","coords":[1,2]}]}}""", "record 0: \"coords\" is a JSON array")]
    public void Malformed_bodies_are_a_typed_error_naming_the_record(string body, string expected)
    {
        CloudFormatException e = Assert.Throws<CloudFormatException>(() => Parse(body));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"voc\":-1")]
    [InlineData("\"h\":140")]
    [InlineData("\"coords\":{\"lat\":45}")]
    public void Implausible_values_are_left_to_the_stores_gate_which_drops_only_the_field(string field)
    {
        CloudPage page = Parse("""{"data":{"items":[{"time":"2024-01-02T03:04:00Z","pm25":7,""" + field + """},{"time":"2024-01-02T03:05:00Z","voc":1}]}}""");
        Assert.Equal(2, page.Records.Count);
        Assert.Empty(page.Rejected);
        Assert.Equal(7, page.Records[0].Pm25);
    }

    [Fact]
    public void A_time_before_2016_rejects_only_its_record()
    {
        CloudPage page = Parse("""{"data":{"items":[{"time":"2015-12-31T23:59:00Z","voc":1},{"time":"2024-01-02T03:05:00Z","voc":1}]}}""");
        Assert.Single(page.Records);
        Assert.Contains("before 2016", Assert.Single(page.Rejected).Reason, StringComparison.Ordinal);
    }
}
