using System.Diagnostics.Metrics;
using Atmo.Ble.BlueZ;
using Atmo.Ble.Tests.Devices;

namespace Atmo.Ble.Tests.BlueZ;

public class BlueZMetricsTests
{
    [Fact]
    public async Task BlueZ_errors_are_counted_by_kind_and_method()
    {
        long inProgress = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BlueZMetrics.MeterName && instrument.Name == "bluez.errors")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(kv => kv.Key, kv => kv.Value);
            if (Equals(t["kind"], "InProgress") && Equals(t["method"], "Adapter1.StartDiscovery"))
                Interlocked.Add(ref inProgress, value);
        });
        listener.Start();
        await using TestWorld world = await TestWorld.StartAsync();
        world.BlueZ.Emulator.FailNextStartDiscovery(2);

        await world.Central.StartScanningAsync(Wait.Timeout());

        Assert.True(Interlocked.Read(ref inProgress) >= 2);
    }
}
