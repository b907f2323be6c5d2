using System.Diagnostics;
using Tmds.DBus.Protocol;

namespace Atmo.Simulator.Tests;

// `atmo-sim --devices 3 --private-bus` as a person runs it: a real child process.
public class ProgramTests
{
    [Fact]
    public async Task Private_bus_mode_prints_the_address_and_serves_bluez_until_SIGTERM()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "atmo-sim.dll");
        Assert.True(File.Exists(dll), $"{dll} missing");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { dll, "--devices", "3", "--private-bus", "--history", "10" })
            start.ArgumentList.Add(arg);
        using Process sim = Process.Start(start)!;
        try
        {
            var units = new List<string>();
            string? address = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (address is null)
            {
                string line = await sim.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException(await sim.StandardError.ReadToEndAsync());
                if (line.StartsWith("# unit", StringComparison.Ordinal))
                    units.Add(line);
                if (line.StartsWith("export DBUS_SYSTEM_BUS_ADDRESS=", StringComparison.Ordinal))
                    address = line["export DBUS_SYSTEM_BUS_ADDRESS=".Length..];
            }

            Assert.Equal(3, units.Count);
            using var connection = new DBusConnection(address);
            await connection.ConnectAsync();
            using var bus = new Atmo.Simulator.Tests.BlueZ.RawBus(connection);
            string signature = await bus.CallAsync("/", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", null, null, static (m, _) => m.SignatureAsString);
            Assert.Equal("a{oa{sa{sv}}}", signature);
        }
        finally
        {
            Process.Start("kill", ["-TERM", sim.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            await sim.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(0, sim.ExitCode);
    }
}
