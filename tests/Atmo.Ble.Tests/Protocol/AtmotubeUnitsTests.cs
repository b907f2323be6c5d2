using Atmo.Ble.Protocol;

namespace Atmo.Ble.Tests.Protocol;

public sealed class AtmotubeUnitsTests
{
    [Theory]
    [InlineData(217, 0.217)]
    [InlineData(1234, 1.234)]
    [InlineData(0, 0)]
    public void Voc_ppb_to_ppm(int ppb, double ppm) => Assert.Equal(ppm, AtmotubeUnits.VocPpm(ppb));

    [Theory]
    [InlineData(101_319, 1013.19)]
    [InlineData(98_765, 987.65)]
    public void Pressure_pa_to_mbar(int pa, double mbar) => Assert.Equal(mbar, AtmotubeUnits.PressureMbar(pa));

    [Theory]
    [InlineData(941, 9.41)]
    [InlineData(2570, 25.70)]
    public void Centi_units(int centi, double value)
    {
        Assert.Equal(value, AtmotubeUnits.PmFromCenti(centi));
        Assert.Equal(value, AtmotubeUnits.TemperatureFromCenti(centi));
    }
}
