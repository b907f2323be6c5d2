using System.Globalization;
using System.Text;

namespace Atmo.Footprint;

/// <summary>The numbers of one variant over the measured window (after the warm-up).</summary>
internal sealed record FootprintReport(
    int Samples,
    double RssMedianMb,
    double AnonymousMedianMb,
    double PeakRssMb,
    double RssSlopeMbPerWallHour,
    double RssSlopeMbPerAcceleratedDay,
    double CpuPercentOfOneCore,
    double CpuMsPerDeviceMinute,
    double WriteBytesPerDeviceDay,
    double WriteCharsPerDeviceDay,
    StoredMinutes? Stored,
    double ExpectedMinutes)
{
    private const double Mb = 1024 * 1024;

    public static FootprintReport From(VariantRun run, FootprintOptions options)
    {
        var window = run.Samples.Where(s => s.WallSeconds >= options.WallWarmup.TotalSeconds).ToList();
        if (window.Count < 3)
            throw new InvalidOperationException($"{run.Variant.Name}: only {window.Count} samples after the warm-up; run longer or sample more often.");
        ProcSample first = window[0], last = window[^1];
        double wallSeconds = last.WallSeconds - first.WallSeconds;
        // Device-minutes and device-days are accelerated time: what the daemon lived through.
        double deviceMinutes = options.Devices * wallSeconds * options.Speed / 60;
        double deviceDays = deviceMinutes / 1440;
        double slopePerWallHour = Slope(window.Select(s => (s.WallSeconds / 3600, s.RssBytes / Mb)).ToList());
        return new FootprintReport(
            window.Count,
            Median(window.Select(s => s.RssBytes / Mb)),
            Median(window.Select(s => s.AnonymousBytes / Mb)),
            run.Samples[^1].PeakRssBytes / Mb,
            slopePerWallHour,
            slopePerWallHour * 24 / options.Speed,
            (last.CpuSeconds - first.CpuSeconds) / wallSeconds * 100,
            (last.CpuSeconds - first.CpuSeconds) * 1000 / deviceMinutes,
            (last.WriteBytes - first.WriteBytes) / deviceDays,
            (last.WriteChars - first.WriteChars) / deviceDays,
            run.Stored,
            options.Devices * options.WallDuration.TotalMinutes * options.Speed);
    }

    public static string Table(IReadOnlyList<(Variant Variant, FootprintReport Report)> rows)
    {
        var text = new StringBuilder();
        int width = Math.Max(20, rows.Max(r => r.Variant.Name.Length) + 2);
        void Row(string label, Func<FootprintReport, string> value) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"{label,-46}{string.Concat(rows.Select(r => value(r.Report).PadLeft(width)))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"",-46}{string.Concat(rows.Select(r => r.Variant.Name.PadLeft(width)))}");
        Row("samples after warm-up", r => F(r.Samples, "0"));
        Row("RSS median after warm-up (MB)", r => F(r.RssMedianMb, "0.0"));
        Row("  of which anonymous, RssAnon (MB)", r => F(r.AnonymousMedianMb, "0.0"));
        Row("RSS peak, VmHWM (MB)", r => F(r.PeakRssMb, "0.0"));
        Row("RSS slope (MB per wall hour)", r => F(r.RssSlopeMbPerWallHour, "+0.0;-0.0"));
        Row("RSS slope (MB per accelerated day)", r => F(r.RssSlopeMbPerAcceleratedDay, "+0.0;-0.0"));
        Row("CPU (% of one core)", r => F(r.CpuPercentOfOneCore, "0.00"));
        Row("CPU per device-minute (ms, accelerated min)", r => F(r.CpuMsPerDeviceMinute, "0.0"));
        Row("write_bytes per device-day (kB, accelerated)", r => F(r.WriteBytesPerDeviceDay / 1024, "#,0"));
        Row("wchar per device-day (kB, accelerated)", r => F(r.WriteCharsPerDeviceDay / 1024, "#,0"));
        Row("devices in store", r => F(r.Stored?.Devices ?? 0, "0"));
        Row("minutes stored: live", r => F(r.Stored?.Live ?? 0, "#,0"));
        Row("minutes stored: history", r => F(r.Stored?.History ?? 0, "#,0"));
        Row("device-minutes run (accelerated)", r => F(r.ExpectedMinutes, "#,0"));
        Row("database file + log (kB)", r => F((r.Stored?.FileBytes ?? 0) / 1024.0, "#,0"));
        return text.ToString();
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Least-squares slope of y over x.</summary>
    private static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        double meanX = points.Average(p => p.X), meanY = points.Average(p => p.Y);
        double covariance = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        double variance = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }
}
