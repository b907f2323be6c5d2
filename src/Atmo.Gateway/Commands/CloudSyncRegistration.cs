using Atmo.Gateway.Devices;
using Atmo.Sync;

namespace Atmo.Gateway.Commands;

internal static class CloudSyncRegistration
{
    /// <summary>Cloud sync for the configured devices and every device with stored data, with its periodic worker.</summary>
    public static void AddGatewayCloudSync(this IServiceCollection services, IConfiguration configuration) =>
        services.AddCloudSync(configuration, _ => ConfiguredDevices.Read(configuration));

    /// <summary>
    /// The cloud services for a command that runs one pass or import itself: without the daemon's
    /// periodic <see cref="SyncWorker"/>, which would otherwise start with the command's host.
    /// </summary>
    public static void AddCloudSyncWithoutWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGatewayCloudSync(configuration);
        services.Remove(services.Single(d => d.ImplementationType == typeof(SyncWorker)));
    }
}
