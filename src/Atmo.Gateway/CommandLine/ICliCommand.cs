using System.CommandLine;

namespace Atmo.Gateway.CommandLine;

/// <summary>
/// One subcommand: <c>atmo-edge NAME [arguments] [--Section:Key=value ...]</c>. One class per
/// command, listed in <see cref="GatewayApp.CreateCommands"/>. It runs inside a host with the shared
/// services (<see cref="GatewayApp.AddSharedServices"/>: configuration, validated options, logging
/// to stderr, <see cref="TimeProvider"/>, the minute store) but without the web server or the
/// daemon's background services.
/// </summary>
public interface ICliCommand
{
    /// <summary>
    /// The command's name, description, arguments and options, parsed and validated by System.CommandLine before
    /// anything starts, and listed in the help. Every other <c>--name value</c> / <c>--name=value</c> is a
    /// configuration override (see <see cref="ConfigurationOverrides"/>).
    /// </summary>
    Command Definition { get; }

    /// <summary>Services this command needs beyond the shared ones.</summary>
    void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <returns>The process exit code: 0 success, 1 failure, 2 usage error.</returns>
    Task<int> RunAsync(CommandContext context);
}
