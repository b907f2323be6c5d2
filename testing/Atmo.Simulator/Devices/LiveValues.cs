namespace Atmo.Simulator.Devices;

/// <summary>What an emulated unit measures right now (drifts slowly, deterministic per seed).</summary>
public sealed record LiveValues(
    int VocPpb,
    ushort DeviceId,
    int HumidityPercent,
    double TemperatureC,
    int PressurePa,
    byte Info,
    int BatteryPercent,
    bool PmOn,
    double Pm1,
    double Pm25,
    double Pm10);

/// <summary>One minute average as the unit stores it in its history memory; null = no data.</summary>
public sealed record HistoryValues(
    int? TemperatureC,
    int? HumidityPercent,
    int? VocPpb,
    int? PressurePa,
    int? Pm1,
    int? Pm25,
    int? Pm10);
