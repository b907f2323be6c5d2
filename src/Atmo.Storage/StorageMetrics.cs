using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atmo.Storage;

/// <summary>Storage instruments (meter "Atmo.Storage"): how long a durable commit takes. Instrument names omit the meter name, which the Prometheus bridge prefixes (atmo_storage_write_duration).</summary>
public static class StorageMetrics
{
    public const string MeterName = "Atmo.Storage";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>(
        "write.duration", unit: "s", description: "Duration of a committed write batch, durability included.");

    internal static void Committed(long startTimestamp) => WriteDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
}
