using Atmo.Core;
using Atmo.Simulator;
using Atmo.Simulator.BlueZ;
using Atmo.Simulator.Bus;
using Microsoft.Extensions.Logging;

namespace Atmo.Collector.Simulation;

/// <summary>
/// Bluetooth without hardware (<c>atmo-edge --simulate N</c>): a private dbus-daemon with an emulated bluetoothd and
/// N emulated Atmotube PRO units on it. Give <see cref="BusAddress"/> to the collector as <c>Ble:BusAddress</c>.
/// Dispose it after the host stopped.
/// </summary>
public sealed class SimulatedBluetooth : IAsyncDisposable
{
    private SimulatedBluetooth(PrivateDbusDaemon bus, BlueZEmulator emulator)
    {
        Bus = bus;
        Emulator = emulator;
    }

    /// <summary>The D-Bus address of the private bus, e.g. <c>unix:path=/tmp/…</c>.</summary>
    public string BusAddress => Bus.Address;

    /// <summary>Addresses of the emulated units.</summary>
    public IReadOnlyList<MacAddress> Devices => [.. Emulator.Units.Select(u => u.Address)];

    /// <summary>The emulator, for fault injection and ground truth.</summary>
    public BlueZEmulator Emulator { get; }

    internal PrivateDbusDaemon Bus { get; }

    /// <summary>Starts dbus-daemon (needs <c>/usr/bin/dbus-daemon</c>, Debian package dbus-daemon) and the emulator.</summary>
    /// <param name="devices">Number of emulated units (1…1000).</param>
    /// <param name="options">Emulator settings; <paramref name="devices"/> overrides its device count. Default: realistic timing.</param>
    public static async Task<SimulatedBluetooth> StartAsync(int devices, SimulatorOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(devices, 1000);
        options ??= new SimulatorOptions();
        options.Devices = devices;
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
