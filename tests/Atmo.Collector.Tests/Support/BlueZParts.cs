using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Collector.Radio;
using Atmo.Simulator;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Collector.Tests.Support;

/// <summary>The emulated BlueZ on a private dbus-daemon, and the collector's Bluetooth parts connected to it.</summary>
internal sealed class BlueZParts : IAsyncDisposable
{
    private BlueZParts(EmulatedBlueZ bluez, BlueZClient client, AtmotubeCentral central)
    {
        BlueZ = bluez;
        Client = client;
        Central = central;
        Scan = new ScanControl(central, NullLogger.Instance);
    }

    public EmulatedBlueZ BlueZ { get; }

    public BlueZClient Client { get; }

    public AtmotubeCentral Central { get; }

    public ScanControl Scan { get; }

    public RadioArbiter Radio { get; } = new();

    public static async Task<BlueZParts> StartAsync(SimulatorOptions? options = null)
    {
        EmulatedBlueZ bluez = await EmulatedBlueZ.StartAsync(options ?? EmulatedBlueZ.FastOptions());
        BlueZClient client = await BlueZClient.ConnectAsync(new BlueZClientOptions { BusAddress = bluez.Address });
        return new BlueZParts(bluez, client, new AtmotubeCentral(client, new AtmotubeCentralOptions { RetryDelay = TimeSpan.FromMilliseconds(20) }));
    }

    /// <summary>Discovery on, until BlueZ lists every emulated unit.</summary>
    public async Task DiscoverAsync()
    {
        await Scan.EnsureAsync(CancellationToken.None);
        await Eventually.UntilAsync(() => Client.GetDevices().Count == BlueZ.Emulator.Units.Count, "every unit discovered");
    }

    public async ValueTask DisposeAsync()
    {
        await Central.DisposeAsync();
        await Client.DisposeAsync();
        await BlueZ.DisposeAsync();
    }
}
