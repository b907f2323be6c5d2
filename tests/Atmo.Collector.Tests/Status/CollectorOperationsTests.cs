using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Core.Operations;

namespace Atmo.Collector.Tests.Status;

public class CollectorOperationsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly MacAddress Device = MacAddress.Parse("C2:2B:42:15:30:89");

    private static async Task<CheckResult> Bluetooth(CollectorStatus status) =>
        await new BluetoothReadinessCheck(status).CheckAsync(CancellationToken.None);

    [Fact]
    public async Task Bluetooth_check_names_what_is_wrong_in_order_of_cause()
    {
        var status = new CollectorStatus();
        Assert.Equal(ReadinessChecks.Bluetooth, new BluetoothReadinessCheck(status).Name);

        CheckResult result = await Bluetooth(status);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("BlueZ is not reachable", result.Detail, StringComparison.Ordinal);

        status.SetBlueZReachable(true);
        result = await Bluetooth(status);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("no Bluetooth adapter", result.Detail, StringComparison.Ordinal);

        status.UpdateAdapter(a => a with { Path = "/org/bluez/hci0", Present = true });
        result = await Bluetooth(status);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("powered off", result.Detail, StringComparison.Ordinal);

        status.UpdateAdapter(a => a with { Powered = true, Scanning = true });
        status.UpdateDevice(Device, d => d);
        result = await Bluetooth(status);
        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Contains("discovering, 1 device(s)", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("C2:2B", result.Detail, StringComparison.Ordinal);   // no MACs on an unauthenticated endpoint
    }

    [Fact]
    public void Heartbeat_follows_the_watchdog_loop_even_when_no_device_makes_progress()
    {
        var status = new CollectorStatus();
        var heartbeat = new CollectorHeartbeat(status, Microsoft.Extensions.Options.Options.Create(new CollectorOptions()));
        Assert.Null(heartbeat.LastProgress);
        Assert.Equal(TimeSpan.FromMinutes(5), heartbeat.MaxSilence);

        status.Progress(Now);
        Assert.Equal(Now, heartbeat.LastProgress);
        status.WatchdogRound(Now.AddMinutes(3));
        Assert.Equal(Now.AddMinutes(3), heartbeat.LastProgress);
        status.Progress(Now.AddMinutes(4));
        Assert.Equal(Now.AddMinutes(4), heartbeat.LastProgress);
    }

    [Fact]
    public void Device_info_carries_what_the_advertisements_told()
    {
        var status = new CollectorStatus();
        status.UpdateDevice(Device, d => d with
        {
            Name = "kitchen", LastAdvertisement = Now, LastHistorySync = Now.AddMinutes(-5),
            Firmware = "74051E", BatteryPercent = 80, Rssi = -61,
        });
        var info = new CollectorDeviceInfo(status);

        Assert.Equal([Device], info.Known);
        Assert.Equal(new DeviceLiveInfo("kitchen", "74051E", 80, Now, -61, Now.AddMinutes(-5)), info.Find(Device));
        Assert.Null(info.Find(MacAddress.Parse("00:00:00:00:00:01")));
    }
}
