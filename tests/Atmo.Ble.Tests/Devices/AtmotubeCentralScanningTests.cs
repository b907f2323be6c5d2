using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Testing;

namespace Atmo.Ble.Tests.Devices;

public class AtmotubeCentralScanningTests
{
    [Fact]
    public async Task Scanning_sets_the_le_filter_and_devices_appear_in_the_tree()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(devices: 3));

        await world.Central.StartScanningAsync(Wait.Timeout());

        Assert.True(world.Central.IsScanning);
        Assert.True(world.BlueZ.Emulator.Discovering);
        await Wait.UntilAsync(() => world.Client.GetDevices().Count == 3, "three devices in BlueZ's tree");
        Assert.True(world.Client.GetAdapters().Single().Discovering);
        var addresses = world.BlueZ.Emulator.Units.Select(u => u.Address).Order().ToList();
        Assert.Equal(addresses, world.Client.GetDevices().Select(d => d.Address).Order().ToList());
        Assert.All(world.Client.GetDevices(), d => Assert.Equal("random", d.AddressType));

        await world.Central.StopScanningAsync(Wait.Timeout());
        Assert.False(world.Central.IsScanning);
        await Wait.UntilAsync(() => !world.BlueZ.Emulator.Discovering, "discovery stopped in BlueZ");
    }

    [Fact]
    public async Task Advertisements_arrive_as_raw_observations_with_base_pm_and_combined_payloads()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(devices: 2));
        var seen = new List<AdvertisementObservation>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reading = Task.Run(async () =>
        {
            await foreach (AdvertisementObservation o in world.Central.ObserveAdvertisementsAsync(stop.Token))
            {
                lock (seen)
                    seen.Add(o);
            }
        });

        await world.Central.StartScanningAsync(Wait.Timeout());
        await Wait.UntilAsync(() =>
        {
            lock (seen)
                return seen.Where(o => o.ManufacturerData.ContainsKey(0xFFFF)).Select(o => o.ManufacturerData[0xFFFF].Length).Distinct().Count() == 3
                    && seen.Select(o => o.Address).Distinct().Count() == 2;
        }, "12-, 9- and 21-byte payloads from both units");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);

        AdvertisementObservation sample;
        lock (seen)
            sample = seen.First(o => o.ManufacturerData.ContainsKey(0xFFFF) && o.ManufacturerData[0xFFFF].Length == 9);
        Assert.Equal("ATMOTUBE", sample.Name);
        Assert.Contains(AtmotubeUuids.Service, sample.Uuids);
        Assert.NotNull(sample.Rssi);
        Assert.InRange(sample.Rssi!.Value, (short)-100, (short)-30);
        // pm payload ends with the firmware version 74 05 1E (§2.2).
        Assert.Equal(new byte[] { 0x74, 0x05, 0x1E }, sample.ManufacturerData[0xFFFF][6..]);
    }

    [Fact]
    public async Task InProgress_on_StartDiscovery_is_retried()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        world.BlueZ.Emulator.FailNextStartDiscovery(2);

        await world.Central.StartScanningAsync(Wait.Timeout());

        Assert.True(world.BlueZ.Emulator.Discovering);
    }

    [Fact]
    public async Task InProgress_that_does_not_clear_surfaces_as_a_typed_error()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        world.BlueZ.Emulator.FailNextStartDiscovery(100);

        var e = await Assert.ThrowsAsync<BlueZException>(() => world.Central.StartScanningAsync(Wait.Timeout()));

        Assert.Equal(BlueZErrorKind.InProgress, e.Kind);
        Assert.Equal("org.bluez.Error.InProgress", e.DBusErrorName);
        Assert.False(world.Central.IsScanning);
    }

    [Fact]
    public async Task Adapter_off_gives_NotReady_with_rfkill_advice()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        world.BlueZ.Emulator.SetAdapterPowered(false);

        var e = await Assert.ThrowsAsync<BlueZException>(() => world.Central.StartScanningAsync(Wait.Timeout()));

        Assert.Equal(BlueZErrorKind.NotReady, e.Kind);
        Assert.Contains("rfkill unblock bluetooth", e.Message, StringComparison.Ordinal);
    }
}
