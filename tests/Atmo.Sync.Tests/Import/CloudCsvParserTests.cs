using Atmo.Core;
using Atmo.Sync.Api;
using Atmo.Sync.Import;

namespace Atmo.Sync.Tests.Import;

public class CloudCsvParserTests
{
    private static readonly MacAddress Device = MacAddress.Parse("C4:F1:2A:00:11:22");

    private static CloudPage Parse(string text) => CloudCsvParser.Parse(new StringReader(text), Device);

    [Fact]
    public void Parses_the_contract_example_with_empty_fields_as_not_measured()
    {
        CloudPage page = Parse("""
            Date (GMT);VOC (ppm);Temperature (C);Humidity (%);Pressure (mbar);PM1 (ug/m3);PM2.5 (ug/m3);PM10 (ug/m3);Latitude;Longitude
            2023/11/14 23:53;1.241;28;15;953.2;1;3;5;45.4641008;9.1898154
            2023/11/14 23:52;2.012;28;15;953.2;;;;;
            """);
        Assert.Equal(2, page.Records.Count);
        MinuteRecord first = page.Records[0];
        Assert.Equal((new DateTime(2023, 11, 14, 23, 53, 0, DateTimeKind.Utc), 1.241, 28d, 15d, 953.2, 1d, 3d, 5d, 45.4641008),
            (first.Time, first.Voc!.Value, first.T!.Value, first.H!.Value, first.P!.Value, first.Pm1!.Value, first.Pm25!.Value, first.Pm10!.Value, first.Latitude!.Value));
        Assert.Null(page.Records[1].Pm1);
        Assert.Null(page.Records[1].Longitude);
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_unknown_ones_ignored()
    {
        CloudPage page = Parse("Humidity (%),AQS,Date (GMT),PM2.5 (ug/m3)\r\n40,87,2024/01/02 03:04,7\r\n");
        MinuteRecord r = Assert.Single(page.Records);
        Assert.Equal((40d, 7d), (r.H!.Value, r.Pm25!.Value));
        Assert.Null(r.Pm1);
    }

    [Fact]
    public void A_repeated_column_is_refused() =>
        Assert.Contains("line 1: column 3 'VOC' repeats", Assert.Throws<CloudFormatException>(() => Parse("Date;VOC (ppm);VOC\n")).Message, StringComparison.Ordinal);
}
