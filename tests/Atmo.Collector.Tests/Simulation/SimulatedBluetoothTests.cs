using Atmo.Ble.BlueZ;
using Atmo.Collector.Simulation;

namespace Atmo.Collector.Tests.Simulation;

public class SimulatedBluetoothTests
{
    [Fact]
    public async Task Starts_N_units_on_a_private_bus_that_a_BlueZ_client_can_use()
    {
        await using SimulatedBluetooth simulated = await SimulatedBluetooth.StartAsync(4);

        Assert.Equal(4, simulated.Devices.Distinct().Count());
        Assert.StartsWith("unix:", simulated.BusAddress, StringComparison.Ordinal);
        await using BlueZClient client = await BlueZClient.ConnectAsync(new BlueZClientOptions { BusAddress = simulated.BusAddress });
        Assert.True(client.IsAvailable);
        Assert.Single(client.GetAdapters());
    }

    [Fact]
    public async Task Rejects_a_device_count_out_of_range()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SimulatedBluetooth.StartAsync(0));
    }
}
