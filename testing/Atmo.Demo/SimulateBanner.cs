using Atmo.Gateway;
using Atmo.Gateway.Api.Access;
using Atmo.Simulator;

namespace Atmo.Demo;

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
