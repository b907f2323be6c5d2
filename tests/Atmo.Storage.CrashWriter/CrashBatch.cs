using Atmo.Core;

namespace Atmo.Storage.CrashWriter;

/// <summary>
/// Batch n of the write crash test: 255 history minutes of device A (crossing hour boundaries) + 10 live minutes
/// of device B, every record carrying n in Pm10, so the parent can check that each batch is whole or absent.
/// </summary>
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
