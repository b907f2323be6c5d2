using System.CommandLine;

namespace Atmo.Gateway;

/// <summary>
/// What a host adds to the daemon, the gateway's one extension point. <c>atmo-edge</c> adds nothing of substance;
/// the demo host (testing/Atmo.Demo) adds <c>--simulate N</c> and starts the emulated Bluetooth in
/// <see cref="ConfigureDaemonAsync"/>. The host owns what it starts and disposes it after
/// <see cref="CommandLine.GatewayCli.RunAsync"/> returns, whatever the way.
/// </summary>
public sealed class GatewayHostExtension
{
    public static GatewayHostExtension None { get; } = new();

    /// <summary>Options of the daemon's command line beside the configuration overrides; listed in the help, validated by System.CommandLine.</summary>
    public IReadOnlyList<Option> DaemonOptions { get; init; } = [];

    /// <summary>
    /// Runs once the command line parsed without errors and the daemon's builder read its configuration, before the
    /// gateway registers its services: set configuration (<c>builder.Configuration["Ble:BusAddress"] = …</c>) and add
    /// services here. An <see cref="IOException"/>, <see cref="InvalidOperationException"/> or
    /// <see cref="UnauthorizedAccessException"/> ends the run with "cannot start" and exit code 1.
    /// </summary>
    public Func<ParseResult, WebApplicationBuilder, CancellationToken, Task>? ConfigureDaemonAsync { get; init; }
}
