using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Simulator;
using Atmo.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Ble.Tests.Devices;

public class AtmotubeCentralConnectingTests
{
    [Fact]
    public async Task Connect_scans_when_BlueZ_does_not_know_the_device_then_resolves_services()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];
        Assert.Empty(world.Client.GetDevices());

        await using (AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout()))
        {
            Assert.True(connection.IsConnected);
            Assert.True(unit.Connected);
            Assert.Equal(247, connection.Mtu);
            var uuids = connection.Characteristics.Select(c => c.Uuid).ToList();
            Assert.Contains(AtmotubeUuids.UartWrite, uuids);
            Assert.Contains(AtmotubeUuids.UartNotify, uuids);
            Assert.All(AtmotubeConnection.LiveCharacteristics, u => Assert.Contains(u, uuids));
            Assert.False(world.Central.IsScanning); // the temporary scan was stopped again
        }

        Assert.False(unit.Connected);
        await Wait.UntilAsync(() => world.Client.GetCharacteristics(world.Central.DevicePath(unit.Address)).Count == 0, "GATT objects removed after disconnect");
    }

    [Fact]
    public async Task Connect_to_a_unit_held_by_a_phone_fails_after_retries_and_leaves_nothing_connected()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];
        await world.Central.StartScanningAsync(Wait.Timeout());
        await Wait.UntilAsync(() => world.Client.GetDevices().Count == 1, "device seen");
        unit.HeldByAnotherCentral = true;

        var e = await Assert.ThrowsAsync<BlueZException>(() => world.Central.ConnectAsync(unit.Address, Wait.Timeout()));

        Assert.Equal(BlueZErrorKind.Failed, e.Kind);
        Assert.Equal("le-connection-abort-by-local", e.Detail);
        Assert.False(unit.Connected);
    }

    [Fact]
    public async Task Unknown_device_is_DoesNotExist_after_the_brief_scan()
    {
        await using TestWorld world = await TestWorld.StartAsync(central: new AtmotubeCentralOptions { ScanBeforeConnectTimeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<BlueZException>(() => world.Central.ConnectAsync(Atmo.Core.MacAddress.Parse("C0:00:00:00:00:01"), Wait.Timeout()));

        Assert.Equal(BlueZErrorKind.DoesNotExist, e.Kind);
        Assert.False(world.Central.IsScanning);
    }

    [Fact]
    public async Task Two_devices_one_after_the_other()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(devices: 2));
        await world.Central.StartScanningAsync(Wait.Timeout());
        await Wait.UntilAsync(() => world.Client.GetDevices().Count == 2, "both devices seen");

        foreach (var unit in world.BlueZ.Emulator.Units)
        {
            await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());
            Assert.True(unit.Connected);
            Assert.Single(world.BlueZ.Emulator.Units, u => u.Connected);
            Assert.Equal(4, (await connection.ReadLiveAsync(Wait.Timeout())).Count);
        }

        Assert.All(world.BlueZ.Emulator.Units, u => Assert.False(u.Connected));
    }

    [Fact]
    public async Task Cancelled_connect_still_disconnects()
    {
        // The emulated radio runs on a fake clock: the connect stays pending until that clock says otherwise.
        var time = new FakeTimeProvider();
        var radio = new WaitAwareClock(time);
        SimulatorOptions options = EmulatedBlueZ.FastOptions();
        options.Timers = radio;
        options.ConnectLatency = TimeSpan.FromMilliseconds(300);
        await using TestWorld world = await TestWorld.StartAsync(options);
        var unit = world.BlueZ.Emulator.Units[0];
        await world.Central.StartScanningAsync(Wait.Timeout());
        await Wait.UntilAsync(() =>
        {
            time.Advance(options.AdvertisingInterval);
            return world.Client.GetDevices().Count == 1;
        }, "device seen");
        await Wait.UntilAsync(() => radio.Armed == 1, "the emulated radio waiting for its next advertisement");
        using var cancel = new CancellationTokenSource();

        Task connect = world.Central.ConnectAsync(unit.Address, cancel.Token);
        await Wait.UntilAsync(() => radio.Armed == 2, "the connect pending in the emulator");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect);

        Assert.Equal(1, radio.Armed); // the pending connect was aborted, not left to complete
        time.Advance(options.ConnectLatency * 2);
        Assert.False(unit.Connected);
    }
}
