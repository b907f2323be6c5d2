using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Bench;

/// <summary>
/// A real LiteDB store filled with <see cref="SyntheticMinutes"/>, kept in the temp folder between
/// runs (generating 1.3 million minutes takes a while). A file without its ".complete" marker is
/// from an interrupted run and is rebuilt.
/// </summary>
public static class LiteDbFile
{
    public static LiteDbMinuteStore Open(int devices, int days, DateOnly lastDay)
    {
        string folder = Path.Combine(Path.GetTempPath(), "atmo-bench");
        string path = Path.Combine(folder, $"api-{devices}x{days}d-{lastDay:yyyyMMdd}.db");
        string marker = path + ".complete";
        if (!File.Exists(marker))
        {
            Directory.CreateDirectory(folder);
            foreach (string stale in Directory.GetFiles(folder, Path.GetFileNameWithoutExtension(path) + "*"))
                File.Delete(stale);
        }

        var store = new LiteDbMinuteStore(new StorageOptions { Path = path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        if (!File.Exists(marker))
        {
            Console.WriteLine($"// generating {devices} devices × {days} days into {path}");
            foreach (MinuteRecord[] batch in SyntheticMinutes.Generate(devices, days, lastDay).Chunk(1440))
                store.Write(batch);
            File.WriteAllText(marker, "");
        }

        return store;
    }
}
