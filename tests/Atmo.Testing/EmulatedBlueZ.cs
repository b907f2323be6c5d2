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
    private EmulatedBlueZ(PrivateDbusDaemon bus, BlueZEmulator emulator)
    {
        Bus = bus;
        Emulator = emulator;
    }

    public PrivateDbusDaemon Bus { get; }

    public BlueZEmulator Emulator { get; }

    public string Address => Bus.Address;

    /// <summary>Options tuned for fast tests: quick advertising, short timeouts.</summary>
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

    public static async Task<EmulatedBlueZ> StartAsync(SimulatorOptions? options = null)
    {
        PrivateDbusDaemon bus = await PrivateDbusDaemon.StartAsync();
        try
        {
            BlueZEmulator emulator = await BlueZEmulator.StartAsync(bus.Address, options ?? FastOptions());
            return new EmulatedBlueZ(bus, emulator);
        }
        catch
        {
            await bus.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
