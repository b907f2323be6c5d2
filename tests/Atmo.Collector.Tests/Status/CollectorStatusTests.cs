using Atmo.Collector.Status;
using Atmo.Core;

namespace Atmo.Collector.Tests.Status;

public class CollectorStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Progress_only_moves_forward()
    {
        var status = new CollectorStatus();
        Assert.Null(status.LastProgress);

        status.Progress(T0.AddSeconds(10));
        status.Progress(T0);

        Assert.Equal(T0.AddSeconds(10), status.LastProgress);
    }

    [Fact]
    public void Devices_counters_and_errors_are_snapshots()
    {
        var status = new CollectorStatus();
        var address = MacAddress.Parse("C2:2B:4F:11:22:33");
        status.UpdateDevice(address, d => d with { Name = "hall", LastAdvertisement = T0 });
        IReadOnlyList<DeviceState> before = status.Devices;
        status.UpdateDevice(address, d => d with { ConsecutiveFailures = 2 });
        status.CountBatch(37);
        status.CountLiveMinutes(3, 1);
        status.Error(T0, "adapter gone");

        Assert.Equal(0, before.Single().ConsecutiveFailures);
        DeviceState now = status.Devices.Single();
        Assert.Equal(("hall", T0, 2), (now.Name, now.LastAdvertisement!.Value, now.ConsecutiveFailures));
        Assert.Equal((1L, 37L, 3L, 1L), (status.Counters.HistoryBatchesStored, status.Counters.HistoryRecordsStored, status.Counters.LiveMinutesWritten, status.Counters.LiveMinutesDiscarded));
        Assert.Equal("adapter gone", status.LastError!.Message);
    }
}
