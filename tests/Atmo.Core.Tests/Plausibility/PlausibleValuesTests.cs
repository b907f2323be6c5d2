using Atmo.Core.Plausibility;

namespace Atmo.Core.Tests.Plausibility;

public sealed class PlausibleValuesTests
{
    [Theory]
    [InlineData(MinuteField.Voc, 0, 1000)]
    [InlineData(MinuteField.Pm25, 0, 10_000)]
    [InlineData(MinuteField.T, -60, 100)]
    [InlineData(MinuteField.H, 0, 100)]
    [InlineData(MinuteField.P, 300, 1200)]
    [InlineData(MinuteField.Latitude, -90, 90)]
    public void The_limits_are_inclusive_and_nothing_beyond_passes(MinuteField field, double min, double max)
    {
        Assert.Equal(min, PlausibleValues.Admit(field, min));
        Assert.Equal(max, PlausibleValues.Admit(field, max));
        Assert.Null(PlausibleValues.Admit(field, min - 0.01));
        Assert.Null(PlausibleValues.Admit(field, max + 0.01));
        Assert.Null(PlausibleValues.Admit(field, double.NaN));
        Assert.Null(PlausibleValues.Admit(field, null));
    }

    [Fact]
    public void Only_the_bad_fields_of_a_record_are_dropped()
    {
        var record = new MinuteRecord
        {
            Device = MacAddress.Parse("AA:BB:CC:00:00:01"),
            Time = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
            Source = MinuteSource.Live,
            Voc = 0.2, Pm25 = 12_000, T = -128, H = 40, P = 1013, Latitude = 10,
        };

        MinuteField bad = PlausibleValues.Implausible(record);
        Assert.Equal(MinuteField.Pm25 | MinuteField.T | MinuteField.Latitude, bad);
        MinuteRecord kept = PlausibleValues.Without(record, bad);
        Assert.Equal((0.2, null, null, 40.0, 1013.0, null), (kept.Voc, kept.Pm25, kept.T, kept.H, kept.P, kept.Latitude));
        Assert.Equal(3, PlausibleValues.Count(bad));
    }
}
