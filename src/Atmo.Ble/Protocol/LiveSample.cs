using Atmo.Core;

namespace Atmo.Ble.Protocol;

/// <summary>
/// One live sample in stored units (VOC ppm, PM µg/m³, T °C, H %, P mbar); null = not measured. Built from an
/// advertisement or from GATT readings; the collector averages samples into a <see cref="MinuteSource.Live"/>
/// minute.
/// </summary>
public sealed record LiveSample(double? Voc, double? Pm1, double? Pm25, double? Pm10, double? T, double? H, double? P)
{
    /// <summary>
    /// Values of an advertisement. VOC is null while the sensor pre-heats (info bit 0x40 clear); PM is null when
    /// the scan-response part is absent or the sensor is off.
    /// </summary>
    public static LiveSample FromAdvertisement(AtmotubeAdvertisement advertisement)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        AdvertisedBase? b = advertisement.Base;
        AdvertisedPm? pm = advertisement.Pm;
        return new LiveSample(
            Voc: b is { VocPpb: { } ppb } && b.Info.HasFlag(AtmotubeInfo.VocReady) ? AtmotubeUnits.VocPpm(ppb) : null,
            Pm1: pm?.Pm1,
            Pm25: pm?.Pm25,
            Pm10: pm?.Pm10,
            T: b?.TemperatureC,
            H: b?.HumidityPercent,
            P: b?.PressurePa is { } pa ? AtmotubeUnits.PressureMbar(pa) : null);
    }

    /// <summary>
    /// Values of GATT readings (any may be missing). With a status reading, VOC is null while the sensor pre-heats.
    /// The unverified 4th PM value is not used.
    /// </summary>
    public static LiveSample FromGatt(VocReading? voc, Bme280Reading? bme280, PmReading? pm, StatusReading? status)
    {
        bool vocReady = status is not { } s || s.Info.HasFlag(AtmotubeInfo.VocReady);
        return new LiveSample(
            Voc: voc is { } v && vocReady ? AtmotubeUnits.VocPpm(v.Ppb) : null,
            Pm1: Centi(pm?.Pm1Centi),
            Pm25: Centi(pm?.Pm25Centi),
            Pm10: Centi(pm?.Pm10Centi),
            T: bme280?.TemperatureC,
            H: bme280?.HumidityPercent,
            P: bme280 is { } e ? AtmotubeUnits.PressureMbar(e.PressurePa) : null);
    }

    /// <summary>A live minute record; <paramref name="time"/> is floored to its UTC minute.</summary>
    public MinuteRecord ToMinuteRecord(MacAddress device, DateTimeOffset time) => new()
    {
        Device = device,
        Time = MinuteTime.Floor(time),
        Source = MinuteSource.Live,
        Voc = Voc,
        Pm1 = Pm1,
        Pm25 = Pm25,
        Pm10 = Pm10,
        T = T,
        H = H,
        P = P,
    };

    private static double? Centi(int? centi) => centi is { } c ? AtmotubeUnits.PmFromCenti(c) : null;
}
