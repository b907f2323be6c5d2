using System.CommandLine;
using System.Globalization;
using Atmo.Gateway;
using Atmo.Gateway.Simulation;
using Atmo.Simulator;

namespace Atmo.Demo;

/// <summary>
/// <c>atmo-edge-demo --simulate N</c>: N emulated Atmotube PRO units behind an emulated BlueZ on a
/// private dbus-daemon, collected by the real collector. Emulated data goes to its own database
/// (unless <c>Storage:Path</c> is given), so it never mixes with real data. This object owns the
/// emulation: disposing it (after the command line returned, whatever the way) stops the units and
/// the private bus, and removes the bus's folder.
/// </summary>
internal sealed class SimulateMode : IAsyncDisposable
{
    public const int MaxDevices = 100;
    public const string DefaultDatabase = "data/simulated/atmo-edge.db";

    /// <summary>A day of stored history per emulated unit, so the first download has something to show.</summary>
    private const int InitialRecords = 24 * 60;

    private static readonly string Usage = string.Create(CultureInfo.InvariantCulture,
        $"--simulate takes the number of emulated devices, 1 to {MaxDevices}: atmo-edge-demo --simulate 3");

    private readonly Option<int> _devices = new("--simulate")
    {
        Description = $"the number of emulated Atmotube PRO units, 1 to {MaxDevices}",
        HelpName = "N",
        Arity = ArgumentArity.ZeroOrOne,
        Required = true,
        CustomParser = result =>
        {
            if (result.Tokens is [{ } token] && int.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int devices) && devices is >= 1 and <= MaxDevices)
                return devices;
            result.AddError(Usage);
            return 0;
        },
    };

    /// <summary>What the demo adds to the gateway: <c>--simulate N</c>, and the emulation started before the daemon is built.</summary>
    public GatewayHostExtension Extension => new()
    {
        DaemonOptions = [_devices],
        ConfigureDaemonAsync = (parsed, builder, cancellationToken) => StartAsync(parsed.GetValue(_devices), builder, cancellationToken),
    };

    /// <summary>The emulation, once started.</summary>
    public SimulatedBluetooth? Simulated { get; private set; }

    /// <summary>Starts <paramref name="devices"/> emulated units, and points the collector and the store at them.</summary>
    public async Task StartAsync(int devices, WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration["Storage:Path"] ??= DefaultDatabase;
        SimulatedBluetooth simulated = await SimulatedBluetooth.StartAsync(
            new SimulatorOptions { Devices = devices, InitialRecords = InitialRecords, DeviceClock = GatewayClock.FromEnvironment() },
            cancellationToken: cancellationToken);
        Simulated = simulated;
        builder.Configuration["Ble:BusAddress"] = simulated.BusAddress;
        builder.Configuration["Ble:AutoDiscover"] ??= "true";
        // The emulated units are the demo's own: configured, they are collected at once (a stranger is adopted only
        // after a minute of sightings, issue 12), never count against Ble:MaxAutoDiscovered and show their names.
        if (!builder.Configuration.GetSection("Devices").GetChildren().Any())
        {
            for (int i = 0; i < simulated.Devices.Count; i++)
            {
                builder.Configuration[$"Devices:{i}:Mac"] = simulated.Devices[i].ToString();
                builder.Configuration[$"Devices:{i}:Name"] = $"Emulated {i + 1}";
            }
        }
        builder.Services.AddSingleton(simulated);   // an instance: the container leaves its disposal to this class
        builder.Services.AddHostedService<SimulateBanner>();
    }

    public async ValueTask DisposeAsync()
    {
        if (Simulated is not null)
            await Simulated.DisposeAsync();
    }
}
