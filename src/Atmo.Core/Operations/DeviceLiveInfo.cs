namespace Atmo.Core.Operations;

/// <summary>Every field is optional: null when unknown, and then left out of the answer.</summary>
/// <param name="BatteryPercent">0…100.</param>
/// <param name="Rssi">dBm of the last advertisement.</param>
/// <param name="LastHistorySync">When a history download from the device last completed.</param>
public sealed record DeviceLiveInfo(
    string? Name = null,
    string? Firmware = null,
    int? BatteryPercent = null,
    DateTimeOffset? LastSeen = null,
    int? Rssi = null,
    DateTimeOffset? LastHistorySync = null);
