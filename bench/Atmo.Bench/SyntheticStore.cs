using System.Diagnostics;
using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Bench;

/// <summary>
/// Builds a store file with every minute of N devices over D days, with plausible values
/// (diurnal temperature, slowly drifting pressure, PM on a duty cycle). Deterministic: the same
/// arguments give the same records. Used by the storage and HTTP benchmarks.
/// </summary>
public static class SyntheticStore
{
    /// <summary>The i-th synthetic device: C0:FF:EE:00:00:01, …</summary>
    public static MacAddress Device(int index) => new(0xC0FFEE000001UL + (ulong)index);

    /// <summary>
    /// Where the benchmarks keep a generated store between runs (in <c>$TMPDIR/atmo-bench</c>). The name carries the
    /// file layout ("v2": one collection for every device), so a file of an earlier layout is never reused.
    /// </summary>
    public static string CachedPath(string name) => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "atmo-bench", $"{name}-v2.db");

    /// <summary>
    /// Creates (replacing any existing file) a store at <paramref name="path"/> holding every minute
    /// of the <paramref name="days"/> days before <paramref name="endUtc"/> (floored to the minute,
    /// exclusive) for <paramref name="devices"/> devices, as history records. Writes one day per
    /// device and transaction, without fsync (a bulk import), and closes the file.
    /// </summary>
    public static SyntheticStoreInfo Create(string path, int devices, int days, DateTime endUtc)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(devices);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        string fullPath = System.IO.Path.GetFullPath(path);
        Delete(fullPath);
        DateTime end = MinuteTime.Floor(endUtc);
        DateTime first = end.AddDays(-days);
        var stopwatch = Stopwatch.StartNew();
        long records = 0;
        var options = new StorageOptions { Path = fullPath, Durability = CommitDurability.ProcessCrashOnly };
        using (var store = new LiteDbMinuteStore(options, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance))
        {
            var batch = new List<MinuteRecord>(1440);
            for (int device = 0; device < devices; device++)
            {
                var values = new ValueWalk(device);
                for (DateTime day = first; day < end; day = day.AddDays(1))
                {
                    batch.Clear();
                    for (DateTime minute = day; minute < day.AddDays(1) && minute < end; minute = minute.AddMinutes(1))
                        batch.Add(values.Next(Device(device), minute, MinuteSource.History));
                    records += store.Write(batch).Inserted;
                }
            }
        }

        stopwatch.Stop();
        return new SyntheticStoreInfo(fullPath, [.. Enumerable.Range(0, devices).Select(Device)], first, end, records, DatabaseFiles.SizeOf(fullPath), stopwatch.Elapsed);
    }

    /// <summary>A 255-minute history batch starting at <paramref name="start"/>, as a device sends it.</summary>
    public static List<MinuteRecord> HistoryBatch(MacAddress device, DateTime start, int count = 255, int seed = 0)
    {
        var values = new ValueWalk(seed);
        return [.. Enumerable.Range(0, count).Select(i => values.Next(device, start.AddMinutes(i), MinuteSource.History))];
    }

    private static void Delete(string path)
    {
        foreach (string file in new[] { path, DatabaseFiles.LogFileOf(path) })
        {
            if (File.Exists(file))
                File.Delete(file);
        }
    }

    /// <summary>Plausible, slowly changing values for one device.</summary>
    private sealed class ValueWalk(int seed)
    {
        private readonly Random _random = new(seed);
        private double _pressure = 1005 + seed % 15;
        private double _voc = 0.4;
        private double _pm = 5;

        public MinuteRecord Next(MacAddress device, DateTime minute, MinuteSource source)
        {
            double hourOfDay = minute.TimeOfDay.TotalHours;
            double temperature = 21 + 3 * Math.Sin(2 * Math.PI * (hourOfDay - 9) / 24) + _random.NextDouble() * 0.4;
            _pressure = Math.Clamp(_pressure + (_random.NextDouble() - 0.5) * 0.1, 970, 1040);
            _voc = Math.Clamp(_voc + (_random.NextDouble() - 0.5) * 0.05, 0.05, 5);
            _pm = Math.Clamp(_pm + (_random.NextDouble() - 0.5) * 1.5, 0, 150);
            bool pmMeasured = minute.Minute % 5 != 4; // the PM sensor runs on a duty cycle
            return new MinuteRecord
            {
                Device = device,
                Time = minute,
                Source = source,
                Voc = Math.Round(_voc, 3),
                Pm1 = pmMeasured ? Math.Round(_pm * 0.6) : null,
                Pm25 = pmMeasured ? Math.Round(_pm) : null,
                Pm10 = pmMeasured ? Math.Round(_pm * 1.4) : null,
                T = Math.Round(temperature, 1),
                H = Math.Round(45 - (temperature - 21) * 2),
                P = Math.Round(_pressure, 2),
            };
        }
    }
}
