using System.CommandLine;

namespace Atmo.Gateway.CommandLine;

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
