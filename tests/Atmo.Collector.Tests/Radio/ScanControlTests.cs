using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Collector.Radio;
using Atmo.Collector.Tests.Support;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Collector.Tests.Radio;

/// <summary>Discovery control against the emulated bluetoothd on a private dbus-daemon.</summary>
public class ScanControlTests
{
    private static async Task<(EmulatedBlueZ BlueZ, BlueZClient Client, AtmotubeCentral Central, ScanControl Scan)> StartAsync()
    {
        EmulatedBlueZ bluez = await EmulatedBlueZ.StartAsync(EmulatedBlueZ.FastOptions());
        BlueZClient client = await BlueZClient.ConnectAsync(new BlueZClientOptions { BusAddress = bluez.Address });
        var central = new AtmotubeCentral(client, new AtmotubeCentralOptions { RetryDelay = TimeSpan.FromMilliseconds(20) });
        return (bluez, client, central, new ScanControl(central, NullLogger.Instance));
    }

    [Fact]
    public async Task Nested_pauses_keep_discovery_off_until_the_last_resume()
    {
        var (bluez, client, central, scan) = await StartAsync();
        await using (bluez)
        await using (client)
        await using (central)
        {
            Assert.True(await scan.EnsureAsync(CancellationToken.None));
            Assert.True(bluez.Emulator.Discovering);

            await scan.PauseAsync(CancellationToken.None);
            await scan.PauseAsync(CancellationToken.None);
            Assert.False(bluez.Emulator.Discovering);
            Assert.False(await scan.EnsureAsync(CancellationToken.None)); // paused: not started behind the connection's back

            await scan.ResumeAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
            Assert.False(bluez.Emulator.Discovering);
            await scan.ResumeAsync(DateTimeOffset.UnixEpoch.AddSeconds(1), CancellationToken.None);
            Assert.True(bluez.Emulator.Discovering);
            Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(1), scan.ResumedAt);
        }
    }

    [Fact]
    public async Task Ensure_starts_discovery_again_after_a_failed_start_without_throwing()
    {
        var (bluez, client, central, scan) = await StartAsync();
        await using (bluez)
        await using (client)
        await using (central)
        {
            bluez.Emulator.FailNextStartDiscovery(100);
            Assert.False(await scan.EnsureAsync(CancellationToken.None));
            Assert.False(bluez.Emulator.Discovering);

            bluez.Emulator.FailNextStartDiscovery(0);
            Assert.True(await scan.EnsureAsync(CancellationToken.None));
            Assert.True(bluez.Emulator.Discovering);
        }
    }

    [Fact]
    public async Task Restart_stops_and_starts_discovery()
    {
        var (bluez, client, central, scan) = await StartAsync();
        await using (bluez)
        await using (client)
        await using (central)
        {
            await scan.EnsureAsync(CancellationToken.None);
            await scan.RestartAsync(CancellationToken.None);

            Assert.True(scan.IsScanning);
            await CollectorWorld.UntilAsync(() => bluez.Emulator.Discovering, "discovery on again", 5);
        }
    }
}
