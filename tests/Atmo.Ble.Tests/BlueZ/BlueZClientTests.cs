using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Ble.Tests.Devices;
using Atmo.Simulator.Bus;
using Atmo.Testing;

namespace Atmo.Ble.Tests.BlueZ;

public class BlueZClientTests
{
    [Fact]
    public async Task Reads_the_tree_at_start_and_sees_the_adapter()
    {
        await using EmulatedBlueZ bluez = await EmulatedBlueZ.StartAsync();
        await using BlueZClient client = await BlueZClient.ConnectAsync(TestWorld.ClientOptions(bluez));

        Assert.True(client.IsAvailable);
        BlueZAdapterInfo adapter = Assert.Single(client.GetAdapters());
        Assert.Equal("/org/bluez/hci0", adapter.Path);
        Assert.Equal("hci0", adapter.Name);
        Assert.True(adapter.Powered);
        Assert.False(adapter.Discovering);
    }

    [Fact]
    public void Bus_address_comes_from_DBUS_SYSTEM_BUS_ADDRESS_when_not_given()
    {
        string? before = Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
        try
        {
            Environment.SetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/tmp/atmo-test-bus");
            Assert.Equal("unix:path=/tmp/atmo-test-bus", new BlueZClientOptions().ResolveBusAddress());
            Environment.SetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS", null);
            Assert.Equal("unix:path=/var/run/dbus/system_bus_socket", new BlueZClientOptions().ResolveBusAddress());
            Assert.Equal("unix:path=/x", new BlueZClientOptions { BusAddress = "unix:path=/x" }.ResolveBusAddress());
        }
        finally
        {
            Environment.SetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS", before);
        }
    }

    [Fact]
    public async Task Unreachable_bus_is_BusUnavailable()
    {
        var options = new BlueZClientOptions { BusAddress = $"unix:path=/tmp/atmo-no-bus-{Guid.NewGuid():N}" };

        var e = await Assert.ThrowsAsync<BlueZException>(() => BlueZClient.ConnectAsync(options));

        Assert.Equal(BlueZErrorKind.BusUnavailable, e.Kind);
    }

    [Fact]
    public async Task Without_bluetoothd_the_client_starts_unavailable_and_picks_BlueZ_up_when_it_starts()
    {
        await using PrivateDbusDaemon bus = await PrivateDbusDaemon.StartAsync();
        await using BlueZClient client = await BlueZClient.ConnectAsync(new BlueZClientOptions { BusAddress = bus.Address, CallTimeout = TimeSpan.FromSeconds(5) });
        Assert.False(client.IsAvailable);
        var central = new AtmotubeCentral(client);
        var e = await Assert.ThrowsAsync<BlueZException>(() => central.StartScanningAsync(Wait.Timeout()));
        Assert.Equal(BlueZErrorKind.ServiceUnknown, e.Kind);
        Assert.Contains("systemctl start bluetooth", e.Message, StringComparison.Ordinal);

        var adapters = new List<string>();
        client.AdapterAdded += (_, a) =>
        {
            lock (adapters)
                adapters.Add(a.Adapter.Name);
        };
        await using var emulator = await Atmo.Simulator.BlueZ.BlueZEmulator.StartAsync(bus.Address, EmulatedBlueZ.FastOptions());
        await client.WaitUntilAvailableAsync(Wait.Timeout());

        await Wait.UntilAsync(() => client.GetAdapters().Count == 1, "adapter mirrored");
        lock (adapters)
            Assert.Equal(["hci0"], adapters);
        // Signals from the late owner reach us too.
        await central.StartScanningAsync(Wait.Timeout());
        await Wait.UntilAsync(() => client.GetDevices().Count == 1, "device added by InterfacesAdded");
        await central.DisposeAsync();
    }

    [Fact]
    public async Task BlueZ_restart_is_survived_the_tree_is_re_read_and_scanning_resumes()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var availability = new List<bool>();
        world.Client.AvailabilityChanged += (_, e) =>
        {
            lock (availability)
                availability.Add(e.Available);
        };
        var unit = world.BlueZ.Emulator.Units[0];
        await world.Central.StartScanningAsync(Wait.Timeout());
        await Wait.UntilAsync(() => world.Client.GetDevices().Count == 1, "device seen before the restart");

        await world.BlueZ.Emulator.RestartAsync(TimeSpan.FromMilliseconds(200));

        await Wait.UntilAsync(() =>
        {
            lock (availability)
                return availability.SequenceEqual([false, true]);
        }, "lost then back");
        // The central restarts discovery by itself, so the device reappears in the new tree.
        await Wait.UntilAsync(() => world.BlueZ.Emulator.Discovering, "discovery running again");
        await Wait.UntilAsync(() => world.Client.GetDevices().Count == 1, "device seen after the restart");

        await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());
        Assert.Equal(4, (await connection.ReadLiveAsync(Wait.Timeout())).Count);
    }

    [Fact]
    public async Task BlueZ_restart_during_a_connection_is_a_lost_link()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];
        await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());
        await using BlueZUartLink link = await connection.OpenUartAsync(Wait.Timeout());

        await world.BlueZ.Emulator.RestartAsync(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAsync<Atmo.Ble.Protocol.LinkLostException>(async () => await link.Notifications.Completion.WaitAsync(Wait.Timeout()));
    }

    [Fact]
    public async Task Unknown_object_and_invalid_arguments_are_typed()
    {
        await using TestWorld world = await TestWorld.StartAsync();

        var unknown = await Assert.ThrowsAsync<BlueZException>(() => world.Client.ConnectDeviceAsync("/org/bluez/hci0/dev_C0_00_00_00_00_09", Wait.Timeout()));
        var notConnected = await Assert.ThrowsAsync<BlueZException>(() => world.Client.RemoveDeviceAsync("/org/bluez/hci0", "/org/bluez/hci0/dev_C0_00_00_00_00_09", Wait.Timeout()));

        Assert.Equal(BlueZErrorKind.UnknownObject, unknown.Kind);
        Assert.Equal("org.freedesktop.DBus.Error.UnknownObject", unknown.DBusErrorName);
        Assert.Equal(BlueZErrorKind.DoesNotExist, notConnected.Kind);
    }

    [Fact]
    public async Task Powered_can_be_switched_through_Properties_Set()
    {
        await using TestWorld world = await TestWorld.StartAsync();

        await world.Client.SetPoweredAsync("/org/bluez/hci0", false, Wait.Timeout());
        await Wait.UntilAsync(() => !world.Client.GetAdapters().Single().Powered, "Powered false mirrored");
        await world.Client.SetPoweredAsync("/org/bluez/hci0", true, Wait.Timeout());
        await Wait.UntilAsync(() => world.Client.GetAdapters().Single().Powered, "Powered true mirrored");
    }
}
