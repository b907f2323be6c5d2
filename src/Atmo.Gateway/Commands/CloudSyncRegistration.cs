using Atmo.Core;
using Atmo.Sync;

namespace Atmo.Gateway.Commands;

internal static class CloudSyncRegistration
{
    /// <summary>
    /// The cloud services for a command that runs one pass or import itself: without the daemon's
    /// periodic <see cref="SyncWorker"/>, which would otherwise start with the command's host.
    /// </summary>
    public static void AddCloudSyncWithoutWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCloudSync(configuration, _ => ConfiguredDevices.Read(configuration));
        services.Remove(services.Single(d => d.ImplementationType == typeof(SyncWorker)));
    }
}

/// <summary>The MACs of the <c>Devices</c> section (<c>Devices:N:Mac</c>); malformed ones are the collector's options to report.</summary>
public static class ConfiguredDevices
{
    public static IEnumerable<MacAddress> Read(IConfiguration configuration) =>
        configuration.GetSection("Devices").GetChildren()
            .Select(device => MacAddress.TryParse(device["Mac"], out MacAddress mac) ? mac : (MacAddress?)null)
            .OfType<MacAddress>()
            .Distinct();
}
