namespace Atmo.Core;

/// <summary>
/// What the Bluetooth collector knows about a device beyond stored minutes, for
/// <c>GET /api/v1/devices</c>. The collector registers one singleton; the default knows nothing.
/// </summary>
public interface IDeviceLiveInfo
{
    /// <summary>Devices seen over the air (stored or not).</summary>
    IReadOnlyCollection<MacAddress> Known { get; }

    /// <summary>The device's live facts, or null when it was never seen.</summary>
    DeviceLiveInfo? Find(MacAddress device);
}

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
