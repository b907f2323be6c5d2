using Atmo.Core;
using Atmo.Simulator.BlueZ;
using Atmo.Simulator.Bus;
using Microsoft.Extensions.Logging;

namespace Atmo.Simulator;

/// <summary>
/// A whole emulated Bluetooth world in one object: a private dbus-daemon and an emulated bluetoothd
/// with Atmotube units on it. For the gateway's <c>--simulate</c> mode: point
/// <c>BlueZClientOptions.BusAddress</c> at <see cref="BusAddress"/>.
/// </summary>
public sealed class SimulatedBluetooth : IAsyncDisposable
{
    private SimulatedBluetooth(PrivateDbusDaemon bus, BlueZEmulator emulator)
    {
        Bus = bus;
        Emulator = emulator;
    }

    public PrivateDbusDaemon Bus { get; }

    public BlueZEmulator Emulator { get; }

    public string BusAddress => Bus.Address;

    /// <summary>Addresses of the emulated units.</summary>
    public IReadOnlyList<MacAddress> Devices => [.. Emulator.Units.Select(u => u.Address)];

    /// <exception cref="FileNotFoundException">dbus-daemon is not installed (Debian package dbus-daemon).</exception>
    public static async Task<SimulatedBluetooth> StartAsync(SimulatorOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        PrivateDbusDaemon bus = await PrivateDbusDaemon.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            BlueZEmulator emulator = await BlueZEmulator.StartAsync(bus.Address, options, logger, cancellationToken).ConfigureAwait(false);
            return new SimulatedBluetooth(bus, emulator);
        }
        catch
        {
            await bus.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync().ConfigureAwait(false);
        await Bus.DisposeAsync().ConfigureAwait(false);
    }
}
