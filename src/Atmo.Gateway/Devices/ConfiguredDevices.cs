using Atmo.Core;

namespace Atmo.Gateway.Devices;

/// <summary>
/// The MACs of the <c>Devices</c> section: <c>Devices:N:Mac</c>, or MACs as keys (<c>Devices:C22B...</c>).
/// Malformed entries are skipped here; the collector's options validation reports them.
/// </summary>
public static class ConfiguredDevices
{
    public static IEnumerable<MacAddress> Read(IConfiguration configuration) =>
        configuration.GetSection("Devices").GetChildren()
            .Select(child => MacAddress.TryParse(child["Mac"] ?? child.Value ?? child.Key, out MacAddress mac) ? mac : (MacAddress?)null)
            .OfType<MacAddress>()
            .Distinct();
}
