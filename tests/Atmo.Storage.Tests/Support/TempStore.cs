using Atmo.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Storage.Tests.Support;

/// <summary>A real store file in a fresh temporary folder, deleted afterwards.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore(int retentionDays = 0)
    {
        Folder = Path.Combine(Path.GetTempPath(), "atmo-storage-tests", Guid.NewGuid().ToString("N"));
        Options = new StorageOptions
        {
            Path = Path.Combine(Folder, "data", "atmo-edge.db"),
            RetentionDays = retentionDays,
        };
        Store = Open();
    }

    public string Folder { get; }
    public StorageOptions Options { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    public LiteDbMinuteStore Store { get; private set; }

    public LiteDbMinuteStore Open() => new(Options, Time, NullLogger<LiteDbMinuteStore>.Instance);

    /// <summary>Closes and opens the file again, as after a restart.</summary>
    public LiteDbMinuteStore Reopen()
    {
        Store.Dispose();
        Store = Open();
        return Store;
    }

    /// <summary>Every file of the store folder with its bytes, to prove that nothing changed.</summary>
    public Dictionary<string, byte[]> Snapshot() =>
        Directory.GetFiles(Path.GetDirectoryName(Options.Path)!)
            .Where(file => !file.EndsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(file => Path.GetFileName(file), File.ReadAllBytes);

    public void Dispose()
    {
        Store.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A crash test's child may still hold the folder for a moment; the OS cleans /tmp.
        }
    }
}

/// <summary>Short ways to build records for tests.</summary>
public static class Minutes
{
    public static readonly MacAddress DeviceA = MacAddress.Parse("AA:BB:CC:DD:EE:01");
    public static readonly MacAddress DeviceB = MacAddress.Parse("AA:BB:CC:DD:EE:02");
    public static readonly DateTime Start = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    public static MinuteRecord At(DateTime time, MinuteSource source, double voc = 1.0, MacAddress? device = null) => new()
    {
        Device = device ?? DeviceA,
        Time = time,
        Source = source,
        Voc = voc,
        Pm1 = 1,
        Pm25 = 2.5,
        Pm10 = 10,
        T = 21.5,
        H = 45,
        P = 1013.25,
    };

    public static MinuteRecord At(int minute, MinuteSource source, double voc = 1.0, MacAddress? device = null) =>
        At(Start.AddMinutes(minute), source, voc, device);

    /// <summary>Consecutive history minutes whose VOC changes every minute (so a shift is visible).</summary>
    public static List<MinuteRecord> History(int firstMinute, int count, MacAddress? device = null, int seed = 0) =>
        [.. Enumerable.Range(0, count).Select(i => At(firstMinute + i, MinuteSource.History, voc: Math.Round(0.1 + 0.013 * ((i + seed) % 97), 3), device))];
}
