using System.Globalization;

namespace Atmo.Footprint;

/// <summary>One reading of a process's counters from /proc (Linux only).</summary>
/// <param name="RssBytes">VmRSS: resident memory now.</param>
/// <param name="AnonymousBytes">RssAnon: the resident part that is heap and stacks (GC heap, native allocations), not mapped files.</param>
/// <param name="CpuSeconds">utime + stime of all threads.</param>
/// <param name="WriteBytes">/proc/PID/io write_bytes: bytes the process caused to be sent to the block layer (page-cache pages dirtied).</param>
/// <param name="WriteChars">/proc/PID/io wchar: bytes passed to write(2) and friends, cached or not.</param>
internal sealed record ProcSample(double WallSeconds, long RssBytes, long AnonymousBytes, long PeakRssBytes, double CpuSeconds, long WriteBytes, long WriteChars)
{
    // USER_HZ is 100 on every Linux ABI .NET runs on.
    private const double ClockTicksPerSecond = 100;

    /// <returns>Null when the process has gone.</returns>
    public static ProcSample? Read(int pid, double wallSeconds)
    {
        try
        {
            string[] status = File.ReadAllLines($"/proc/{pid}/status");
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] io = File.ReadAllLines($"/proc/{pid}/io");
            // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
            return new ProcSample(wallSeconds, Kilobytes(status, "VmRSS:") * 1024, Kilobytes(status, "RssAnon:") * 1024, Kilobytes(status, "VmHWM:") * 1024, cpu,
                Field(io, "write_bytes:"), Field(io, "wchar:"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Kilobytes(string[] lines, string key) =>
        long.Parse(Value(lines, key).Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);

    private static long Field(string[] lines, string key) => long.Parse(Value(lines, key).Trim(), CultureInfo.InvariantCulture);

    private static string Value(string[] lines, string key) =>
        lines.First(line => line.StartsWith(key, StringComparison.Ordinal))[key.Length..];
}
