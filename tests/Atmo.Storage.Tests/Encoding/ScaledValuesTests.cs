using Atmo.Core;
using Atmo.Storage.Encoding;

namespace Atmo.Storage.Tests.Encoding;

public sealed class ScaledValuesTests
{
    private static readonly MacAddress Device = MacAddress.Parse("01:02:03:04:05:06");

    [Fact]
    public void RoundsDeviceValuesToTheContractPrecision_AndDecodesToTheNearestDouble()
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
        double[] exact = new double[ScaledValues.FieldCount];

        ushort mask = ScaledValues.Encode(record with { Source = MinuteSource.History }, values, exact, out ushort exactMask, out string? error);
        StoredMinute decoded = ScaledValues.Decode(record.Time, MinuteSource.History, mask, values, exactMask, exact);

        Assert.Null(error);
        Assert.Equal(0, exactMask);
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

    [Fact]
    public void KeepsTheCloudsValuesExactly_OnlyWhereTheScaledIntegerDoesNotGiveThemBack()
    {
        var record = new MinuteRecord
        {
            Device = Device, Time = DateTime.UnixEpoch, Source = MinuteSource.Cloud,
            Voc = 9.899, T = 23, P = 956.9, Pm1 = 0.125,
            Latitude = 36.17102679826757, Longitude = -115.09123299153981,
        };
        int[] values = new int[ScaledValues.FieldCount];
        double[] exact = new double[ScaledValues.FieldCount];

        ushort mask = ScaledValues.Encode(record, values, exact, out ushort exactMask, out string? error);
        StoredMinute decoded = ScaledValues.Decode(record.Time, record.Source, mask, values, exactMask, exact);

        Assert.Null(error);
        Assert.Equal(0b1_1000_0010, exactMask); // pm1 (0.125 is not a multiple of 0.01), lat, lon
        Assert.Equal(9.899, decoded.Voc);
        Assert.Equal(956.9, decoded.P);
        Assert.Equal(0.125, decoded.Pm1);
        Assert.Equal(36.17102679826757, decoded.Latitude);
        Assert.Equal(-115.09123299153981, decoded.Longitude);
        Assert.Equal(StoredMinute.Of(record), decoded);
    }
}
