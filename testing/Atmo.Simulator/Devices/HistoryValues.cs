namespace Atmo.Simulator.Devices;

/// <summary>One minute average as the unit stores it in its history memory; null = no data.</summary>
public sealed record HistoryValues(
    int? TemperatureC,
    int? HumidityPercent,
    int? VocPpb,
    int? PressurePa,
    int? Pm1,
    int? Pm25,
    int? Pm10);
