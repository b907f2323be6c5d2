using Atmo.Core;
using Atmo.Storage.Encoding;

namespace Atmo.Storage.Tests.Encoding;

public sealed class ScaledValuesTests
{
    private static readonly MacAddress Device = MacAddress.Parse("01:02:03:04:05:06");

    [Fact]
    public void RoundsToTheContractPrecision_AndDecodesToTheNearestDouble()
    {
        var record = new MinuteRecord
        {
            Device = Device,
            Time = DateTime.UnixEpoch,
            Source = MinuteSource.Cloud,
            Voc = 1.2415,
            Pm1 = 0.004,
            Pm25 = 3,
            T = -12.345,
            H = 15,
            P = 953.2,
            Latitude = 45.46410084,
            Longitude = -9.18981536,
        };
        int[] values = new int[ScaledValues.FieldCount];

        ushort mask = ScaledValues.Encode(record, values, out string? error);
        MinuteRecord decoded = ScaledValues.Decode(Device, record.Time, record.Source, mask, values);

        Assert.Null(error);
        Assert.Equal(1.242, decoded.Voc);
        Assert.Equal(0, decoded.Pm1);
        Assert.Equal(3, decoded.Pm25);
        Assert.Null(decoded.Pm10);
        Assert.Equal(-12.35, decoded.T);
        Assert.Equal(953.2, decoded.P);
        Assert.Equal(45.4641008, decoded.Latitude);
        Assert.Equal(-9.1898154, decoded.Longitude);
        Assert.Equal("953.2", decoded.P!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
