using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Atmo.Storage.Tests.Support;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests;

public sealed class StorageMetricsTests
{
    [Fact]
    public void A_committed_write_records_its_duration_on_the_storage_meter()
    {
        var durations = new ConcurrentBag<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == "write.duration")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => durations.Add(value));
        listener.Start();
        using var temp = new TempStore();

        temp.Store.Write(History(0, 10));

        // Other tests write in parallel through the same static meter: at least ours is there.
        Assert.NotEmpty(durations);
        Assert.All(durations, d => Assert.InRange(d, 0, 60));
    }
}
