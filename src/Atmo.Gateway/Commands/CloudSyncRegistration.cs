using Atmo.Gateway.Devices;
using Atmo.Storage;
using Atmo.Sync;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Commands;

internal static class CloudSyncRegistration
{
    /// <summary>Cloud sync for the configured devices and every device with stored data, with its periodic worker.</summary>
    public static void AddGatewayCloudSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCloudSync(configuration, _ => ConfiguredDevices.Read(configuration));
        services.AddStateFileBesideTheDatabase();
    }

    /// <summary>
    /// The cloud services for a command that runs one pass or import itself: without the daemon's
    /// periodic <see cref="SyncWorker"/>, which would otherwise start with the command's host.
    /// </summary>
    public static void AddCloudSyncWithoutWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCloudSyncServices(configuration, _ => ConfiguredDevices.Read(configuration));
        services.AddStateFileBesideTheDatabase();
    }

    /// <summary>Unless <c>Cloud:StateFile</c> is set, the sync state lives in the folder of the database (<see cref="StorageOptions.Path"/>).</summary>
    private static void AddStateFileBesideTheDatabase(this IServiceCollection services) =>
        services.AddOptions<CloudOptions>().PostConfigure<IOptions<StorageOptions>>((cloud, storage) =>
        {
            if (string.IsNullOrWhiteSpace(cloud.StateFile))
                cloud.StateFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storage.Value.Path))!, CloudSyncServiceCollectionExtensions.DefaultStateFileName);
        });
}
