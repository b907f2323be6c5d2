using Atmo.Core;

namespace Atmo.Gateway.Data;

internal sealed class NoDeviceSites : IDeviceSites
{
    public GeoPosition? Find(MacAddress device) => null;
}
