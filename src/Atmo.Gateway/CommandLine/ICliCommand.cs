namespace Atmo.Gateway.CommandLine;

/// <summary>
/// One subcommand: <c>atmo-edge NAME [arguments] [--Section:Key=value ...]</c>. One class per
/// command, listed in <see cref="GatewayApp.Commands"/>. It runs inside a host with the shared
/// services (<see cref="GatewayApp.AddSharedServices"/>: configuration, validated options, logging
/// to stderr, <see cref="TimeProvider"/>, the minute store) but without the web server or the
/// daemon's background services.
/// </summary>
public interface ICliCommand
{
    /// <summary>The word after <c>atmo-edge</c>, lower case, e.g. <c>import</c>.</summary>
    string Name { get; }

    /// <summary>Synopsis for the help, e.g. <c>import &lt;file&gt; --mac &lt;MAC&gt;</c>.</summary>
    string Usage { get; }

    /// <summary>One line for the help.</summary>
    string Summary { get; }

    /// <summary>
    /// This command's own options that take a value (names without <c>--</c>, e.g. <c>mac</c>).
    /// Every other <c>--name value</c> / <c>--name=value</c> is a configuration override.
    /// </summary>
    IReadOnlyCollection<string> ValueOptions => [];

    /// <summary>This command's own options without a value (names without <c>--</c>, e.g. <c>dry-run</c>).</summary>
    IReadOnlyCollection<string> Flags => [];

    /// <summary>Services this command needs beyond the shared ones.</summary>
    void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <returns>The process exit code: 0 success, 1 failure, 2 usage error.</returns>
    Task<int> RunAsync(CommandContext context);
}

/// <param name="Services">The command host's services; options were validated when it started.</param>
/// <param name="Out">Where results go (stdout); logs go to stderr.</param>
/// <param name="Error">Where problems go (stderr).</param>
/// <param name="Cancellation">Cancelled by Ctrl+C / SIGTERM.</param>
public sealed record CommandContext(
    CommandArguments Arguments,
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
