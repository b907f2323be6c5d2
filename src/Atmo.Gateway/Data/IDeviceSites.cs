using Atmo.Core;

namespace Atmo.Gateway.Data;

/// <summary>
/// Where a device is installed, for records that carry no position of their own (a monitor on a
/// fixed site). The default knows no site; a configured implementation replaces it by registering
/// another <see cref="IDeviceSites"/> singleton.
/// </summary>
public interface IDeviceSites
{
    /// <summary>The device's fixed site, or null when none is configured.</summary>
    GeoPosition? Find(MacAddress device);
}
