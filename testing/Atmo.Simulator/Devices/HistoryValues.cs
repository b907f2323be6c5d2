namespace Atmo.Simulator.Devices;

/// <summary>One minute average as the unit stores it in its history memory; null = no data.</summary>
/// <remarks>
/// The same values as Atmo.Ble's <c>HistoryRecord</c>, kept apart on purpose (as <c>BlueZNames</c>): the emulator
/// encodes what Atmo.Ble decodes, so it shares no type with it.
/// </remarks>
public sealed record HistoryValues(
    int? TemperatureC,
    int? HumidityPercent,
    int? VocPpb,
    int? PressurePa,
    int? Pm1,
    int? Pm25,
    int? Pm10);
