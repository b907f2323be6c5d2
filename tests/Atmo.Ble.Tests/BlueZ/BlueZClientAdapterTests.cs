using Atmo.Ble.BlueZ;
using Atmo.Ble.Tests.Devices;

namespace Atmo.Ble.Tests.BlueZ;

public class BlueZClientAdapterTests
{
    [Fact]
    public async Task Adapter_unplugged_and_plugged_again_raises_events_and_the_central_follows()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var events = new List<string>();
        world.Client.AdapterRemoved += (_, e) =>
        {
            lock (events)
                events.Add("-" + e.Adapter.Name);
        };
        world.Client.AdapterAdded += (_, e) =>
        {
            lock (events)
                events.Add("+" + e.Adapter.Name);
        };

        world.BlueZ.Emulator.UnplugAdapter();
        await Wait.UntilAsync(() => world.Client.GetAdapters().Count == 0, "adapter gone from the mirror");
        var e = await Assert.ThrowsAsync<BlueZException>(() => world.Central.StartScanningAsync(Wait.Timeout()));
        Assert.Equal(BlueZErrorKind.DoesNotExist, e.Kind);

        world.BlueZ.Emulator.PlugAdapter();
        await Wait.UntilAsync(() => world.Client.GetAdapters().Count == 1, "adapter back");
        await world.Central.StartScanningAsync(Wait.Timeout());
        lock (events)
            Assert.Equal(["-hci0", "+hci0"], events);
    }
}
