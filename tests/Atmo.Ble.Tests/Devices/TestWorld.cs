using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Simulator;
using Atmo.Testing;

namespace Atmo.Ble.Tests.Devices;

/// <summary>A private bus, the emulated BlueZ, and our client and central connected to it.</summary>
internal sealed class TestWorld : IAsyncDisposable
{
    private TestWorld(EmulatedBlueZ bluez, BlueZClient client, AtmotubeCentral central)
    {
        BlueZ = bluez;
        Client = client;
        Central = central;
    }

    public EmulatedBlueZ BlueZ { get; }

    public BlueZClient Client { get; }

    public AtmotubeCentral Central { get; }

    public static async Task<TestWorld> StartAsync(SimulatorOptions? options = null, AtmotubeCentralOptions? central = null)
    {
        EmulatedBlueZ bluez = await EmulatedBlueZ.StartAsync(options);
        BlueZClient client = await BlueZClient.ConnectAsync(ClientOptions(bluez));
        return new TestWorld(bluez, client, new AtmotubeCentral(client, central ?? new AtmotubeCentralOptions
        {
            RetryDelay = TimeSpan.FromMilliseconds(50),
            ScanBeforeConnectTimeout = TimeSpan.FromSeconds(5),
        }));
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

internal static class Wait
{
    /// <summary>Polls until the condition holds; fails the test after the timeout.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, double seconds = 5)
    {
        DateTime end = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > end)
                Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Keeps a test away from a minute boundary: there the unit appends a record, and the HST time and
    /// the unit's snapshot could fall on different sides of it.
    /// </summary>
    public static async Task AwayFromMinuteBoundaryAsync()
    {
        int second = DateTimeOffset.UtcNow.Second;
        if (second >= 50)
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
    }

    public static CancellationToken Timeout(double seconds = 10) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
