namespace Atmo.Simulator.Tests;

public class SimulatedBluetoothTests
{
    [Fact]
    public async Task Starts_N_units_behind_one_adapter_on_a_private_bus()
    {
        await using SimulatedBluetooth simulated = await SimulatedBluetooth.StartAsync(new SimulatorOptions { Devices = 4 });

        Assert.Equal(4, simulated.Devices.Distinct().Count());
        Assert.StartsWith("unix:", simulated.BusAddress, StringComparison.Ordinal);
        Assert.Contains("/org/bluez/hci0", simulated.Emulator.ExportedPaths());
        Assert.Equal(simulated.Devices, simulated.Emulator.Units.Select(u => u.Address));
    }
}
