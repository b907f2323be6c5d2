namespace Atmo.Core.Operations;

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
