using System.Globalization;
using Atmo.Gateway.Api;
using Atmo.Simulator;

namespace Atmo.Gateway.Simulation;

/// <summary>
/// <c>atmo-edge --simulate N</c>: N emulated Atmotube PRO units behind an emulated BlueZ on a
/// private dbus-daemon, collected by the real collector. Emulated data goes to its own database
/// (unless <c>Storage:Path</c> is given), so it never mixes with real data.
/// </summary>
internal static class SimulateMode
{
    public const string Key = "simulate";
    public const int MaxDevices = 100;
    public const string DefaultDatabase = "data/simulated/atmo-edge.db";

    /// <summary>A day of stored history per emulated unit, so the first download has something to show.</summary>
    private const int InitialRecords = 24 * 60;

    /// <summary>Starts the emulation when asked for, and points the collector and the store at it.</summary>
    /// <exception cref="FormatException">--simulate without a device count in 1…100.</exception>
    public static SimulatedBluetooth? StartIfAsked(string[] args, WebApplicationBuilder builder)
    {
        string? value = builder.Configuration[Key];
        bool bare = args.Length > 0 && (args[^1] == "--" + Key ||
            args.Zip(args.Skip(1)).Any(pair => pair.First == "--" + Key && pair.Second.StartsWith('-')));
        if (value is null && !bare)
            return null;
        if (bare || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int devices) || devices is < 1 or > MaxDevices)
            throw new FormatException($"--simulate takes the number of emulated devices, 1 to {MaxDevices}: atmo-edge --simulate 3");

        builder.Configuration["Storage:Path"] ??= DefaultDatabase;
        SimulatedBluetooth simulated = SimulatedBluetooth
            .StartAsync(new SimulatorOptions { Devices = devices, InitialRecords = InitialRecords, DeviceClock = GatewayClock.FromEnvironment() })
            .GetAwaiter().GetResult();
        builder.Configuration["Ble:BusAddress"] = simulated.BusAddress;
        builder.Configuration["Ble:AutoDiscover"] ??= "true";
        builder.Services.AddSingleton(simulated);   // disposed with the host
        builder.Services.AddHostedService<SimulateBanner>();
        return simulated;
    }
}

/// <summary>Tells the person at the terminal what is emulated and how to look at it.</summary>
internal sealed class SimulateBanner(SimulatedBluetooth simulated, IConfiguration configuration, ILogger<SimulateBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        string database = configuration["Storage:Path"] ?? SimulateMode.DefaultDatabase;
        string keyFile = ApiKeyFile.ResolvePath(configuration["Api:KeyFile"], database);
        string url = (configuration["urls"] ?? GatewayApp.DefaultUrls).Split(';')[0].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        logger.LogWarning(
            "SIMULATION: {Count} emulated Atmotube PRO units ({Devices}) on a private D-Bus ({Bus}); their data goes to {Database}. " +
            "Try: curl \"{Url}/api/v1/data?api_key=$(grep -v '^#' {KeyFile})&mac={First}\"",
            simulated.Devices.Count, string.Join(", ", simulated.Devices), simulated.BusAddress, database, url, keyFile, simulated.Devices[0]);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
