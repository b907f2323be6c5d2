using System.Globalization;
using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

// Usage: Atmo.Storage.CrashWriter <database path> <first batch number> <batch count>
// Prints "ready" once the store is open and "committed <n>" after Write(batch n) has returned,
// so the parent knows which batches were acknowledged before it kills this process.
// Batch n = 255 history minutes of device A (crossing hour boundaries) + 10 live minutes of device B,
// every record carrying n in Pm10, so the parent can check that each batch is whole or absent.
string path = args[0];
int first = int.Parse(args[1], CultureInfo.InvariantCulture);
int count = int.Parse(args[2], CultureInfo.InvariantCulture);

using var store = new LiteDbMinuteStore(new StorageOptions { Path = path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
Console.WriteLine("ready");
for (int n = first; n < first + count; n++)
{
    store.Write(CrashBatch.Build(n));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {n}"));
}

Console.WriteLine("done");

public static class CrashBatch
{
    public const int HistoryMinutes = 255;
    public const int LiveMinutes = 10;
    public static readonly MacAddress DeviceA = MacAddress.Parse("C0:FF:EE:00:00:0A");
    public static readonly MacAddress DeviceB = MacAddress.Parse("C0:FF:EE:00:00:0B");
    public static readonly DateTime Origin = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static List<MinuteRecord> Build(int n)
    {
        var batch = new List<MinuteRecord>(HistoryMinutes + LiveMinutes);
        for (int i = 0; i < HistoryMinutes; i++)
            batch.Add(Record(DeviceA, (long)n * HistoryMinutes + i, MinuteSource.History, n, i));
        for (int i = 0; i < LiveMinutes; i++)
            batch.Add(Record(DeviceB, (long)n * LiveMinutes + i, MinuteSource.Live, n, i));
        return batch;
    }

    private static MinuteRecord Record(MacAddress device, long minute, MinuteSource source, int n, int i) => new()
    {
        Device = device,
        Time = Origin.AddMinutes(minute),
        Source = source,
        Voc = Math.Round(0.2 + 0.001 * (i % 500), 3),
        Pm10 = n,
        T = 20 + i % 7,
        H = 40,
        P = 1000 + i % 13,
    };
}
