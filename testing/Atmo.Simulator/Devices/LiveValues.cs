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
