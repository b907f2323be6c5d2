using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Footprint;

/// <summary>What the store file holds after the run, counted by opening it like the daemon does.</summary>
internal sealed record StoredMinutes(int Devices, long Live, long History, long FileBytes)
{
    public static StoredMinutes Count(string databasePath)
    {
        long live = 0, history = 0;
        int devices;
        using (var store = new LiteDbMinuteStore(new StorageOptions { Path = databasePath }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance))
        {
            IReadOnlyList<MacAddress> all = store.Devices();
            devices = all.Count;
            foreach (MacAddress device in all)
            {
                DeviceStats stats = store.GetStats(device);
                live += stats.Live;
                history += stats.History;
            }
        }

        return new StoredMinutes(devices, live, history, DatabaseFiles.SizeOf(databasePath));
    }
}
