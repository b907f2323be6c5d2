using Atmo.Core;
using Atmo.Gateway.CommandLine;
using Atmo.Simulator;

namespace Atmo.Gateway.Tests.Commands;

/// <summary>`atmo-edge scan` against the emulated BlueZ on a private dbus-daemon.</summary>
public sealed class ScanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("atmo-scan-").FullName;

    private async Task<(int Exit, string Out, string Error)> Scan(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await GatewayApp.CreateCli(output, error).RunAsync(["scan", .. args, $"--Storage:Path={_dir}/atmo.db"]);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Lists_every_unit_in_range_with_its_decoded_values()
    {
        await using SimulatedBluetooth simulated = await SimulatedBluetooth.StartAsync(new SimulatorOptions { Devices = 2 });

        (int exit, string output, string error) = await Scan("--seconds", "3", $"--Ble:BusAddress={simulated.BusAddress}");

        Assert.True(exit == ExitCodes.Success, error);
        foreach (MacAddress device in simulated.Devices)
        {
            string row = Assert.Single(output.Split('\n'), line => line.StartsWith(device.ToString(), StringComparison.Ordinal));
            Assert.Contains("74051E", row, StringComparison.Ordinal);   // the firmware from the pm payload
            Assert.Matches(@"\d{3,4}\.\d{2}", row);                     // pressure in mbar from the base payload
        }
    }

    [Fact]
    public async Task Without_BlueZ_it_fails_with_advice()
    {
        (int exit, _, string error) = await Scan("--seconds", "2", $"--Ble:BusAddress=unix:path={_dir}/no-bus");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("scan failed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("soon")]
    public async Task A_bad_duration_is_a_usage_error(string seconds)
    {
        (int exit, _, string error) = await Scan("--seconds", seconds);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--seconds", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
