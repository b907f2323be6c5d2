using Atmo.Core;
using Atmo.Core.Operations;

namespace Atmo.Gateway.Devices;

/// <summary>The devices the gateway knows: stored, configured under <c>Devices</c>, or seen by the collector.</summary>
public static class KnownDevices
{
    public static SortedSet<MacAddress> Read(IMinuteStore store, IDeviceLiveInfo live, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(live);
        var devices = new SortedSet<MacAddress>(store.Devices());
        devices.UnionWith(ConfiguredDevices.Read(configuration));
        devices.UnionWith(live.Known);
        return devices;
    }
}
