using Atmo.Core;

namespace Atmo.Mqtt.Facts;

/// <param name="Name"><c>Devices:N:Name</c>, else the advertised name, else the MAC.</param>
/// <param name="Present">Heard within <c>Ble:AbsenceThreshold</c>.</param>
public sealed record AtmotubeFacts(
    MacAddress Mac, string Name, string? Firmware, bool Present, int? BatteryPercent, int? Rssi, DateTimeOffset? LastSeen);
