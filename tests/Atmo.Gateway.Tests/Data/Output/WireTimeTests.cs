using System.Text;
using Atmo.Gateway.Data.Output;

namespace Atmo.Gateway.Tests.Data.Output;

public sealed class WireTimeTests
{
    [Fact]
    public void Json_time_is_quoted_iso_with_milliseconds_and_z()
    {
        byte[] buffer = new byte[WireTime.JsonStringLength];
        WireTime.WriteJsonString(new DateTime(2023, 11, 14, 23, 53, 0, DateTimeKind.Utc), buffer);

        Assert.Equal("\"2023-11-14T23:53:00.000Z\"", Encoding.ASCII.GetString(buffer));
    }

    [Fact]
    public void Csv_time_is_slashes_and_minutes()
    {
        byte[] buffer = new byte[WireTime.CsvLength];
        WireTime.WriteCsv(new DateTime(2023, 1, 2, 3, 4, 0, DateTimeKind.Utc), buffer);

        Assert.Equal("2023/01/02 03:04", Encoding.ASCII.GetString(buffer));
    }

    [Fact]
    public void Early_years_are_zero_padded()
    {
        byte[] buffer = new byte[WireTime.JsonStringLength];
        WireTime.WriteJsonString(new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), buffer);

        Assert.Equal("\"0001-01-01T00:00:00.000Z\"", Encoding.ASCII.GetString(buffer));
    }
}
