using Atmo.Core;
using Atmo.Core.Operations;

namespace Atmo.Gateway.Devices;

/// <summary>The default <see cref="IDeviceLiveInfo"/> until a collector registers one: knows nothing.</summary>
internal sealed class NoDeviceLiveInfo : IDeviceLiveInfo
{
    public IReadOnlyCollection<MacAddress> Known => [];

    public DeviceLiveInfo? Find(MacAddress device) => null;
}
