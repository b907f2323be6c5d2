using Atmo.Simulator.BlueZ;
using Atmo.Testing;
using Tmds.DBus.Protocol;

namespace Atmo.Simulator.Tests.BlueZ;

// The emulator must look like bluetoothd 5.66 to any client: paths, types, errors, behaviour.
public class BlueZEmulatorTests
{
    private const string Adapter = "/org/bluez/hci0";

    private static async Task StartDiscoveryAsync(RawBus bus)
    {
        await bus.CallAsync(Adapter, BlueZNames.Adapter1, "SetDiscoveryFilter", "a{sv}", (ref MessageWriter w) =>
            w.WriteDictionary(new Dictionary<string, VariantValue> { ["Transport"] = "le", ["DuplicateData"] = true }));
        await bus.CallAsync(Adapter, BlueZNames.Adapter1, "StartDiscovery");
    }

    private static Task WaitForAsync(Func<bool> condition) => Eventually.UntilAsync(condition, "the emulator's state");

    /// <summary>A round trip to the emulator: every signal it sent before is seen after this.</summary>
    private static Task BarrierAsync(RawBus bus) =>
        bus.CallAsync("/", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", null, null, static (m, _) => m.SignatureAsString);

    [Fact]
    public async Task Object_tree_has_bluez_paths_and_property_types()
    {
        await using EmulatedBlueZ world = await EmulatedBlueZ.StartAsync();
        using RawBus bus = await RawBus.ConnectAsync(world.Address);
        var unit = world.Emulator.Units[0];
        string device = BlueZEmulator.DevicePath(unit.Address);
        Assert.Matches("^/org/bluez/hci0/dev_[0-9A-F]{2}(_[0-9A-F]{2}){5}$", device);

        await StartDiscoveryAsync(bus);
        await WaitForAsync(() => world.Emulator.ExportedPaths().Contains(device));
        await bus.CallAsync(device, BlueZNames.Device1, "Connect");

        Assert.Equal("n", await bus.PropertySignatureAsync(device, BlueZNames.Device1, "RSSI"));
        Assert.Equal("a{qv}", await bus.PropertySignatureAsync(device, BlueZNames.Device1, "ManufacturerData"));
        Assert.Equal("as", await bus.PropertySignatureAsync(device, BlueZNames.Device1, "UUIDs"));
        Assert.Equal("o", await bus.PropertySignatureAsync(device, BlueZNames.Device1, "Adapter"));
        Assert.Equal("b", await bus.PropertySignatureAsync(device, BlueZNames.Device1, "ServicesResolved"));
        Assert.Equal("b", await bus.PropertySignatureAsync(Adapter, BlueZNames.Adapter1, "Discovering"));
        string uartTx = device + "/service0019/char001c";
        Assert.Equal("ay", await bus.PropertySignatureAsync(uartTx, BlueZNames.GattCharacteristic1, "Value"));
        Assert.Equal("q", await bus.PropertySignatureAsync(uartTx, BlueZNames.GattCharacteristic1, "MTU"));
        Assert.Equal("as", await bus.PropertySignatureAsync(uartTx, BlueZNames.GattCharacteristic1, "Flags"));
        Assert.Equal("o", await bus.PropertySignatureAsync(uartTx, BlueZNames.GattCharacteristic1, "Service"));
        Assert.Contains(device + "/service000c/char000d/desc000f", world.Emulator.ExportedPaths());

        string signature = await bus.CallAsync("/", BlueZNames.ObjectManager, "GetManagedObjects", null, null, static (m, _) => m.SignatureAsString);
        Assert.Equal("a{oa{sa{sv}}}", signature);
    }

    [Fact]
    public async Task Discovery_errors_are_those_of_bluetoothd()
    {
        await using EmulatedBlueZ world = await EmulatedBlueZ.StartAsync();
        using RawBus bus = await RawBus.ConnectAsync(world.Address);

        Assert.Equal("org.bluez.Error.Failed", await RawBus.ErrorNameAsync(bus.CallAsync(Adapter, BlueZNames.Adapter1, "StopDiscovery")));
        await bus.CallAsync(Adapter, BlueZNames.Adapter1, "StartDiscovery");
        Assert.Equal("org.bluez.Error.InProgress", await RawBus.ErrorNameAsync(bus.CallAsync(Adapter, BlueZNames.Adapter1, "StartDiscovery")));
        Assert.Equal("org.bluez.Error.InvalidArguments", await RawBus.ErrorNameAsync(bus.CallAsync(Adapter, BlueZNames.Adapter1, "SetDiscoveryFilter", "a{sv}", (ref MessageWriter w) =>
            w.WriteDictionary(new Dictionary<string, VariantValue> { ["Transport"] = "bluetooth" }))));
        Assert.Equal("org.freedesktop.DBus.Error.UnknownObject", await RawBus.ErrorNameAsync(bus.CallAsync(Adapter + "/dev_00_00_00_00_00_01", BlueZNames.Device1, "Connect")));
        Assert.Equal("org.freedesktop.DBus.Error.PropertyReadOnly", await RawBus.ErrorNameAsync(bus.CallAsync(Adapter, "org.freedesktop.DBus.Properties", "Set", "ssv", (ref MessageWriter w) =>
        {
            w.WriteString(BlueZNames.Adapter1);
            w.WriteString("Address");
            w.WriteVariantString("00:00:00:00:00:00");
        })));

        world.Emulator.SetAdapterPowered(false);
        Assert.Equal("org.bluez.Error.NotReady", await RawBus.ErrorNameAsync(bus.CallAsync(Adapter, BlueZNames.Adapter1, "StartDiscovery")));
    }

    [Fact]
    public async Task A_client_leaving_the_bus_ends_its_discovery_session()
    {
        await using EmulatedBlueZ world = await EmulatedBlueZ.StartAsync();
        using (RawBus bus = await RawBus.ConnectAsync(world.Address))
        {
            await bus.CallAsync(Adapter, BlueZNames.Adapter1, "StartDiscovery");
            Assert.True(world.Emulator.Discovering);
        }

        await WaitForAsync(() => !world.Emulator.Discovering);
    }

    [Fact]
    public async Task One_connection_at_a_time_and_no_advertising_while_connected()
    {
        await using EmulatedBlueZ world = await EmulatedBlueZ.StartAsync();
        using RawBus bus = await RawBus.ConnectAsync(world.Address);
        var unit = world.Emulator.Units[0];
        string device = BlueZEmulator.DevicePath(unit.Address);
        world.Emulator.Options.ConnectLatency = TimeSpan.FromSeconds(1);
        await StartDiscoveryAsync(bus);
        await WaitForAsync(() => world.Emulator.ExportedPaths().Contains(device));

        int advertisements = 0;
        using IDisposable watch = await bus.Connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, Path = device, Interface = "org.freedesktop.DBus.Properties", Member = "PropertiesChanged" },
            static (m, _) => m.GetBodyReader().ReadDictionaryOfStringToVariantValue_AfterString(),
            (Notification<bool> n) =>
            {
                if (n.HasValue && n.Value)
                    Interlocked.Increment(ref advertisements);
            },
            emitOnCapturedContext: false);

        Task first = bus.CallAsync(device, BlueZNames.Device1, "Connect");
        Assert.Equal("org.bluez.Error.InProgress", await RawBus.ErrorNameAsync(bus.CallAsync(device, BlueZNames.Device1, "Connect")));
        await first;
        Assert.True(unit.Connected);

        await BarrierAsync(bus);
        int during = Volatile.Read(ref advertisements);
        long ticks = world.Emulator.RadioTicks;
        await WaitForAsync(() => world.Emulator.RadioTicks >= ticks + 10);   // ten advertising intervals while connected
        await BarrierAsync(bus);
        Assert.Equal(during, Volatile.Read(ref advertisements));

        await bus.CallAsync(device, BlueZNames.Device1, "Disconnect");
        Assert.Equal("org.bluez.Error.NotConnected", await RawBus.ErrorNameAsync(bus.CallAsync(device, BlueZNames.Device1, "Disconnect")));
        await WaitForAsync(() => Volatile.Read(ref advertisements) > during);
    }

    [Fact]
    public async Task Writes_check_the_flags_and_notify_sessions_are_per_client()
    {
        await using EmulatedBlueZ world = await EmulatedBlueZ.StartAsync();
        using RawBus bus = await RawBus.ConnectAsync(world.Address);
        string device = BlueZEmulator.DevicePath(world.Emulator.Units[0].Address);
        await StartDiscoveryAsync(bus);
        await WaitForAsync(() => world.Emulator.ExportedPaths().Contains(device));
        await bus.CallAsync(device, BlueZNames.Device1, "Connect");
        string voc = device + "/service000c/char000d";
        string tx = device + "/service0019/char001c";

        Assert.Equal("org.bluez.Error.NotPermitted", await RawBus.ErrorNameAsync(bus.CallAsync(voc, BlueZNames.GattCharacteristic1, "WriteValue", "aya{sv}", (ref MessageWriter w) =>
        {
            w.WriteArray(new byte[] { 1 });
            w.WriteDictionary(new Dictionary<string, VariantValue> { ["type"] = "request" });
        })));
        await bus.CallAsync(tx, BlueZNames.GattCharacteristic1, "StartNotify");
        Assert.Equal("org.bluez.Error.InProgress", await RawBus.ErrorNameAsync(bus.CallAsync(tx, BlueZNames.GattCharacteristic1, "StartNotify")));
        await bus.CallAsync(tx, BlueZNames.GattCharacteristic1, "StopNotify");
        Assert.Equal("org.bluez.Error.Failed", await RawBus.ErrorNameAsync(bus.CallAsync(tx, BlueZNames.GattCharacteristic1, "StopNotify")));
        Assert.Equal("org.bluez.Error.NotSupported", await RawBus.ErrorNameAsync(bus.CallAsync(voc, BlueZNames.GattCharacteristic1, "AcquireNotify", "a{sv}", (ref MessageWriter w) =>
            w.WriteDictionary(new Dictionary<string, VariantValue>()))));
    }

    [Fact]
    public async Task Restart_releases_the_name_and_comes_back_with_a_fresh_tree()
    {
        await using EmulatedBlueZ world = await EmulatedBlueZ.StartAsync();
        using RawBus bus = await RawBus.ConnectAsync(world.Address);
        await StartDiscoveryAsync(bus);
        await WaitForAsync(() => world.Emulator.ExportedPaths().Count > 1);

        Task restart = world.Emulator.RestartAsync(TimeSpan.FromSeconds(2));
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                await bus.CallAsync(Adapter, BlueZNames.Adapter1, "StopDiscovery");
                return false;
            }
            catch (DBusErrorReplyException e)
            {
                return e.ErrorName == "org.freedesktop.DBus.Error.ServiceUnknown";
            }
        }, "the name released while bluetoothd is down");
        await restart;

        Assert.Equal([Adapter], world.Emulator.ExportedPaths());
        Assert.False(world.Emulator.Discovering);
    }
}
