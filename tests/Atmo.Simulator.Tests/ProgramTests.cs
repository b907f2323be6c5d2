using Atmo.Testing;
using Tmds.DBus.Protocol;

namespace Atmo.Simulator.Tests;

// `atmo-sim --devices 3 --private-bus` as a person runs it: a real child process. However it ends, its
// private dbus-daemon, the daemon's keeper and the bus folder end with it (issue 18).
public class ProgramTests
{
    private static BusOwnerProcess StartSimulator(params string[] extra) =>
        BusOwnerProcess.Start("atmo-sim.dll", ["--devices", "3", "--private-bus", "--history", "10", .. extra]);

    [Fact]
    public async Task Private_bus_mode_prints_the_address_and_serves_bluez_until_SIGTERM_then_leaves_nothing()
    {
        using BusOwnerProcess sim = StartSimulator();
        await sim.WaitForBusAsync();
        await Eventually.UntilAsync(() => sim.Output.Contains("export DBUS_SYSTEM_BUS_ADDRESS=", StringComparison.Ordinal), "the address printed");
        string address = sim.Output.Split('\n').Single(l => l.StartsWith("export DBUS_SYSTEM_BUS_ADDRESS=", StringComparison.Ordinal))["export DBUS_SYSTEM_BUS_ADDRESS=".Length..];
        Assert.Equal(3, sim.Output.Split('\n').Count(l => l.StartsWith("# unit", StringComparison.Ordinal)));
        using (var connection = new DBusConnection(address))
        {
            await connection.ConnectAsync();
            using var bus = new Atmo.Simulator.Tests.BlueZ.RawBus(connection);
            string signature = await bus.CallAsync("/", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", null, null, static (m, _) => m.SignatureAsString);
            Assert.Equal("a{oa{sa{sv}}}", signature);
        }

        sim.Signal("TERM");

        Assert.Equal(0, await sim.WaitForExitAsync());
        await sim.AssertNothingLeftAsync(seconds: 0);
    }

    [Fact]
    public async Task SIGINT_leaves_nothing()
    {
        using BusOwnerProcess sim = StartSimulator();
        await sim.WaitForBusAsync();

        sim.Signal("INT");

        Assert.Equal(0, await sim.WaitForExitAsync());
        await sim.AssertNothingLeftAsync(seconds: 0);
    }

    [Fact]
    public async Task A_normal_exit_leaves_nothing()
    {
        using BusOwnerProcess sim = StartSimulator("--seconds", "2");
        await sim.WaitForBusAsync();

        Assert.Equal(0, await sim.WaitForExitAsync());
        await sim.AssertNothingLeftAsync(seconds: 0);
    }

    [Fact]
    public async Task SIGKILL_of_the_owner_takes_the_bus_and_its_folder_within_seconds()
    {
        using BusOwnerProcess sim = StartSimulator();
        await sim.WaitForBusAsync();

        sim.Signal("KILL");

        await sim.WaitForExitAsync();
        await sim.AssertNothingLeftAsync(seconds: 5);
    }

    [Fact]
    public async Task A_usage_error_exits_2_and_starts_nothing()
    {
        using BusOwnerProcess sim = StartSimulator("--devices", "many");

        Assert.Equal(2, await sim.WaitForExitAsync());
        Assert.Contains("--devices", sim.Output, StringComparison.Ordinal);
        await sim.AssertNothingLeftAsync(seconds: 0);
    }

    [Fact]
    public async Task An_unknown_time_base_fault_is_a_usage_error_naming_the_choices()
    {
        using BusOwnerProcess sim = StartSimulator("--time-base", "+2h");

        Assert.Equal(2, await sim.WaitForExitAsync());
        Assert.Contains("--time-base", sim.Output, StringComparison.Ordinal);
        await sim.AssertNothingLeftAsync(seconds: 0);
    }
}
