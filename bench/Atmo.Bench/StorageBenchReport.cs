using System.Globalization;

namespace Atmo.Bench;

/// <summary>
/// Numbers BenchmarkDotNet has no column for (p99 of single commits, bytes written, file size):
/// printed to the benchmark log and appended to <c>$TMPDIR/atmo-bench/storage-extra.txt</c>.
/// </summary>
internal static class StorageBenchReport
{
    public static void Line(string text)
    {
        Console.WriteLine("// storage: " + text);
        string folder = Path.Combine(Path.GetTempPath(), "atmo-bench");
        Directory.CreateDirectory(folder);
        File.AppendAllText(Path.Combine(folder, "storage-extra.txt"),
            string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} {text}{Environment.NewLine}"));
    }

    /// <summary>Bytes this process sent to storage (<c>write_bytes</c>) and through write() (<c>wchar</c>), from /proc/self/io.</summary>
    public static (long StorageBytes, long WrittenBytes) ProcessIo()
    {
        long storage = 0, written = 0;
        foreach (string line in File.ReadLines("/proc/self/io"))
        {
            string[] parts = line.Split(':', StringSplitOptions.TrimEntries);
            if (parts[0] == "write_bytes")
                storage = long.Parse(parts[1], CultureInfo.InvariantCulture);
            else if (parts[0] == "wchar")
                written = long.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        return (storage, written);
    }

    public static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
            return double.NaN;
        List<double> sorted = [.. values.Order()];
        int index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
