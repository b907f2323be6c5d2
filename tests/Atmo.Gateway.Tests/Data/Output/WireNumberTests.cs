using System.Globalization;
using System.Text;
using Atmo.Gateway.Data.Output;

namespace Atmo.Gateway.Tests.Data.Output;

public sealed class WireNumberTests
{
    private static string Write(double value, int decimals)
    {
        Span<byte> buffer = stackalloc byte[WireNumber.MaxLength];
        return Encoding.ASCII.GetString(buffer[..WireNumber.Write(value, decimals, buffer)]);
    }

    [Theory]
    [InlineData(28.0, "28")]
    [InlineData(953.2, "953.2")]
    [InlineData(1.241, "1.241")]
    [InlineData(45.4641008, "45.4641008")]
    [InlineData(9.1898154, "9.1898154")]
    [InlineData(0.0, "0")]
    [InlineData(-12.5, "-12.5")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1e20, "1E+20")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(1.5e-8, "1.5E-08")]
    [InlineData(123456789012345.0, "123456789012345")]
    public void As_stored_is_the_shortest_round_trip_form(double value, string expected)
    {
        Assert.Equal(expected, Write(value, WireNumber.AsStored));
        Assert.Equal(value == 0 ? 0 : value, double.Parse(expected, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Negative_zero_is_written_as_zero()
    {
        Assert.Equal("0", Write(-0.0, WireNumber.AsStored));
        Assert.Equal("0", Write(-0.0, 2));
    }

    [Theory]
    [InlineData(1.241, 3, "1.241")]
    [InlineData(1.2406, 3, "1.241")]
    [InlineData(1.2404, 3, "1.24")]
    [InlineData(0.1 + 0.2, 3, "0.3")]
    [InlineData(2.0, 3, "2")]
    [InlineData(0.0004, 3, "0")]
    [InlineData(-0.0004, 3, "0")]
    [InlineData(0.0005, 3, "0.001")]
    [InlineData(0.012, 3, "0.012")]
    [InlineData(-1.2406, 3, "-1.241")]
    [InlineData(953.2, 2, "953.2")]
    [InlineData(953.204, 2, "953.2")]
    [InlineData(1013.256, 2, "1013.26")]
    [InlineData(1013.0, 2, "1013")]
    [InlineData(1e300, 2, "1E+300")]
    public void Rounded_values_have_at_most_the_decimals_and_no_trailing_zeros(double value, int decimals, string expected)
    {
        Assert.Equal(expected, Write(value, decimals));
    }

    [Fact]
    public void The_decimal_point_is_a_dot_whatever_the_culture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture.Clone() is CultureInfo c ? Comma(c) : saved;
            Assert.Equal("953.2", Write(953.2, WireNumber.AsStored));
            Assert.Equal("1.241", Write(1.241, 3));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        static CultureInfo Comma(CultureInfo culture)
        {
            culture.NumberFormat.NumberDecimalSeparator = ",";
            culture.NumberFormat.NegativeSign = "~";
            return culture;
        }
    }

    [Fact]
    public void As_stored_matches_the_runtime_shortest_form_for_a_million_values()
    {
        var random = new Random(42);
        for (int i = 0; i < 1_000_000; i++)
        {
            double value = (i % 4) switch
            {
                0 => Math.Round(random.NextDouble() * 2000 - 1000, random.Next(0, 8)), // sensor-like, up to 7 decimals
                1 => random.NextDouble() * Math.Pow(10, random.Next(-3, 16)),
                2 => BitConverter.Int64BitsToDouble(random.NextInt64()),
                _ => random.Next(-100_000, 100_000) / 100.0,
            };
            if (!double.IsFinite(value))
                continue;
            string written = Write(value, WireNumber.AsStored);
            Assert.Equal(value == 0 ? 0 : value, double.Parse(written, CultureInfo.InvariantCulture));
            string runtime = value.ToString("R", CultureInfo.InvariantCulture);
            if (!runtime.Contains('E', StringComparison.Ordinal))
                Assert.Equal(value == 0 ? "0" : runtime, written);
            else
                Assert.True(written.Length <= runtime.Length + 8, $"{written} vs {runtime}");
        }
    }

    [Theory]
    [InlineData(double.MaxValue)]
    [InlineData(double.MinValue)]
    [InlineData(double.Epsilon)]
    [InlineData(-double.Epsilon)]
    public void Extremes_fit_the_buffer(double value)
    {
        Assert.Equal(value, double.Parse(Write(value, WireNumber.AsStored), CultureInfo.InvariantCulture));
        Assert.True(Write(value, 3).Length <= WireNumber.MaxLength);
    }
}
