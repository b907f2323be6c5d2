namespace Atmo.Ble.Protocol;

/// <summary>
/// Conversions from the device's wire units to the stored units (Atmotube Cloud API: VOC ppm, PM µg/m³,
/// T °C, H %, P mbar). The one place where these factors live.
/// </summary>
public static class AtmotubeUnits
{
    public static double VocPpm(int ppb) => ppb / 1000.0;

    public static double PressureMbar(int pascal) => pascal / 100.0;

    /// <summary>GATT PM values come in 0.01 µg/m³.</summary>
    public static double PmFromCenti(int centi) => centi / 100.0;

    /// <summary>GATT fine temperature comes in 0.01 °C.</summary>
    public static double TemperatureFromCenti(int centi) => centi / 100.0;
}
