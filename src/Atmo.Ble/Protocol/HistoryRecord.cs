namespace Atmo.Ble.Protocol;

/// <summary>One decoded history record (one minute). Null = the device's no-data sentinel.</summary>
/// <param name="Time">HT first-record time + index × 60 s, as the device stamped it (UTC).</param>
public sealed record HistoryRecord(
    DateTimeOffset Time,
    int? TemperatureC,
    int? HumidityPercent,
    int? VocPpb,
    int? PressurePa,
    int? Pm1,
    int? Pm25,
    int? Pm10);
