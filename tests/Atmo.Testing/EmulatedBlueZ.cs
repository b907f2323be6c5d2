using Atmo.Simulator;
using Atmo.Simulator.BlueZ;
using Atmo.Simulator.Bus;

namespace Atmo.Testing;

/// <summary>
/// One test's own Bluetooth world: a private dbus-daemon and an emulated bluetoothd on it.
/// Fails loudly when dbus-daemon is missing (install the Debian package dbus-daemon).
/// </summary>
public sealed class EmulatedBlueZ : IAsyncDisposable
{
    private readonly SimulatedBluetooth _world;

    private EmulatedBlueZ(SimulatedBluetooth world) => _world = world;

    public PrivateDbusDaemon Bus => _world.Bus;

    public BlueZEmulator Emulator => _world.Emulator;

    public string Address => _world.BusAddress;

    /// <summary>Options tuned for fast tests: quick advertising, short connect timings.</summary>
    public static SimulatorOptions FastOptions(int devices = 1, int mtu = 247, int initialRecords = 60, int seed = 1) => new()
    {
        Devices = devices,
        Mtu = mtu,
        InitialRecords = initialRecords,
        Seed = seed,
        AdvertisingInterval = TimeSpan.FromMilliseconds(20),
        LiveNotificationInterval = TimeSpan.FromMilliseconds(100),
        AckTimeout = TimeSpan.FromSeconds(5), // the real window: slow CI must never cause a resend by accident
        ConnectLatency = TimeSpan.FromMilliseconds(5),
        ConnectTimeout = TimeSpan.FromMilliseconds(300),
    };

    public static async Task<EmulatedBlueZ> StartAsync(SimulatorOptions? options = null) =>
        new(await SimulatedBluetooth.StartAsync(options ?? FastOptions()));

    public ValueTask DisposeAsync() => _world.DisposeAsync();
}
