using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Simulator;
using Atmo.Testing;

namespace Atmo.Ble.Tests.Devices;

/// <summary>A private bus, the emulated BlueZ, and our client and central connected to it.</summary>
internal sealed class TestWorld : IAsyncDisposable
{
    private TestWorld(EmulatedBlueZ bluez, BlueZClient client, AtmotubeCentral central, MidMinuteClock clock)
    {
        BlueZ = bluez;
        Client = client;
        Central = central;
        Clock = clock;
    }

    /// <summary>The units' clock, and the central's unless a test gave it another.</summary>
    public MidMinuteClock Clock { get; }

    public EmulatedBlueZ BlueZ { get; }

    public BlueZClient Client { get; }

    public AtmotubeCentral Central { get; }

    /// <param name="time">The central's clock (its retry pauses, timeouts and discovery refresh). Default: the system clock.</param>
    public static async Task<TestWorld> StartAsync(SimulatorOptions? options = null, AtmotubeCentralOptions? central = null, TimeProvider? time = null)
    {
        var clock = new MidMinuteClock();
        options ??= EmulatedBlueZ.FastOptions();
        if (options.DeviceClock == TimeProvider.System)
            options.DeviceClock = clock;
        EmulatedBlueZ bluez = await EmulatedBlueZ.StartAsync(options);
        BlueZClient client = await BlueZClient.ConnectAsync(ClientOptions(bluez));
        return new TestWorld(bluez, client, new AtmotubeCentral(client, central ?? new AtmotubeCentralOptions
        {
            RetryDelay = TimeSpan.FromMilliseconds(50),
            ScanBeforeConnectTimeout = TimeSpan.FromSeconds(5),
        }, time ?? clock), clock);
    }

    public static BlueZClientOptions ClientOptions(EmulatedBlueZ bluez) => new()
    {
        BusAddress = bluez.Address,
        CallTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    public async ValueTask DisposeAsync()
    {
        await Central.DisposeAsync();
        await Client.DisposeAsync();
        await BlueZ.DisposeAsync();
    }
}
