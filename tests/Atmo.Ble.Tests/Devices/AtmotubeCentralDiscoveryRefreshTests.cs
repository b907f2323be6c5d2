using Atmo.Ble.Devices;
using Atmo.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Ble.Tests.Devices;

public class AtmotubeCentralDiscoveryRefreshTests
{
    [Fact]
    public async Task Discovery_is_restarted_periodically_and_stays_stopped_after_StopScanning()
    {
        var time = new FakeTimeProvider();
        var clock = new WaitAwareClock(time);
        var interval = TimeSpan.FromMinutes(10);
        await using TestWorld world = await TestWorld.StartAsync(central: new AtmotubeCentralOptions { DiscoveryRestartInterval = interval }, time: clock);

        await world.Central.StartScanningAsync(Wait.Timeout());
        for (int restarts = 1; restarts <= 2; restarts++)
        {
            await clock.WaitingAsync(); // the refresh waits for its interval
            Assert.Equal(restarts, world.BlueZ.Emulator.DiscoveryStarts);
            time.Advance(interval);
            await Wait.UntilAsync(() => world.BlueZ.Emulator.DiscoveryStarts == restarts + 1, $"periodic restart {restarts}");
        }

        Assert.True(world.Central.IsScanning);

        await world.Central.StopScanningAsync(Wait.Timeout());
        Assert.Equal(0, clock.Armed); // nothing is left waiting to restart discovery
        time.Advance(interval * 3);
        Assert.Equal(3, world.BlueZ.Emulator.DiscoveryStarts);
        Assert.False(world.BlueZ.Emulator.Discovering);
    }
}
