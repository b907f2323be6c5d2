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

/// <param name="Arguments">The parsed command line (values through <see cref="ParseResult.GetValue{T}(Option{T})"/>).</param>
/// <param name="Services">The command host's services; options were validated when it started.</param>
/// <param name="Out">Where results go (stdout); logs go to stderr.</param>
/// <param name="Error">Where problems go (stderr).</param>
/// <param name="Cancellation">Cancelled by Ctrl+C / SIGTERM.</param>
public sealed record CommandContext(
    ParseResult Arguments,
    IServiceProvider Services,
    TextWriter Out,
    TextWriter Error,
    CancellationToken Cancellation);

/// <summary>Exit codes shared by the daemon and every command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
