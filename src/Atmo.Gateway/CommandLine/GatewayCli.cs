using System.CommandLine;
using System.CommandLine.Help;
using Atmo.Gateway.Configuration;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.CommandLine;

/// <summary>
/// The command line, parsed by System.CommandLine. <c>atmo-edge [--Section:Key=value ...]</c> runs the daemon;
/// <c>atmo-edge NAME ...</c> runs one <see cref="ICliCommand"/>; <c>atmo-edge help</c> (or <c>--help</c>) lists
/// them. Both accept the standard .NET configuration overrides (<see cref="ConfigurationOverrides"/>).
/// Exit codes: <see cref="ExitCodes"/>; a usage error prints one message and the help of the command.
/// </summary>
/// <param name="createDaemonBuilder">The daemon's builder from its configuration overrides (<see cref="GatewayApp.CreateBuilder"/>).</param>
/// <param name="buildDaemon">Registers the daemon's services and builds it (<see cref="GatewayApp.Build(WebApplicationBuilder, Action{IServiceCollection}?)"/>).</param>
/// <param name="addSharedServices">Registers the services every command gets (<see cref="GatewayApp.AddSharedServices"/>).</param>
public sealed class GatewayCli(
    GatewayHostExtension extension,
    IReadOnlyList<ICliCommand> commands,
    Func<string[], WebApplicationBuilder> createDaemonBuilder,
    Func<WebApplicationBuilder, WebApplication> buildDaemon,
    Action<IServiceCollection, IConfiguration> addSharedServices,
    TextWriter output,
    TextWriter error)
{
    /// <summary>The name in messages and in the help.</summary>
    public const string ProgramName = "atmo-edge";

    private readonly Command _root = CreateRoot(extension, commands);

    public async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["help", ..])
            return await ShowHelpAsync(_root, output);

        ICliCommand? command = args.Length == 0 ? null : commands.FirstOrDefault(c => string.Equals(c.Definition.Name, args[0], StringComparison.OrdinalIgnoreCase));
        // No command word: everything is the daemon's (its options and configuration; "key=value" is configuration too).
        if (command is null && args is [{ } word, ..] && !word.StartsWith('-') && !word.Contains('=', StringComparison.Ordinal))
            return await UsageErrorAsync(_root, $"unknown command '{word}'");

        Command target = command?.Definition ?? _root;
        if (!ConfigurationOverrides.TrySplit(target, command is null ? args : args[1..], out string[] own, out string[] configuration, out string? problem))
            return await UsageErrorAsync(target, problem);

        ParseResult parsed = _root.Parse(command is null ? own : [command.Definition.Name, .. own]);
        if (parsed.Errors.Count > 0)
            return await UsageErrorAsync(parsed.CommandResult.Command, parsed.Errors[0].Message);
        // The commands have no System.CommandLine action of their own: another action is --help or --version.
        if (parsed.Action is not null && parsed.Action != _root.Action)
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return command is null
            ? await RunDaemonAsync(parsed, configuration)
            : await RunCommandAsync(command, parsed, configuration);
    }

    private static Command CreateRoot(GatewayHostExtension extension, IReadOnlyList<ICliCommand> commands)
    {
        var root = new Command(ProgramName,
            $"Atmo Edge, the gateway for Atmotube PRO air monitors.{Environment.NewLine}{Environment.NewLine}" +
            $"  {ProgramName} [--urls URL] [--Section:Key=value ...]   run the gateway daemon{Environment.NewLine}" +
            $"  {ProgramName} COMMAND ... [--Section:Key=value ...]    run one command{Environment.NewLine}{Environment.NewLine}" +
            $"Configuration: appsettings.json, then environment variables (Storage__Path=...),{Environment.NewLine}" +
            "then the command line (--Storage:Path=...); see README.md, \"Configuration\".")
        {
            new HelpOption(),
            new VersionOption(),
        };
        foreach (Option option in extension.DaemonOptions)
            root.Options.Add(option);
        foreach (ICliCommand command in commands)
            root.Subcommands.Add(command.Definition);
        root.SetAction(_ => ExitCodes.Success);   // the daemon: run by RunDaemonAsync, not by System.CommandLine
        return root;
    }

    private async Task<int> RunDaemonAsync(ParseResult parsed, string[] configuration)
    {
        WebApplication app;
        try
        {
            WebApplicationBuilder builder = createDaemonBuilder(configuration);
            if (extension.ConfigureDaemonAsync is { } configure)
                await configure(parsed, builder, CancellationToken.None);
            app = buildDaemon(builder);
        }
        catch (FormatException exception)
        {
            // For example a malformed ATMO_EDGE_ACCELERATED_CLOCK.
            return await UsageErrorAsync(_root, exception.Message);
        }
        catch (SettingsFileException exception)
        {
            await error.WriteLineAsync($"{ProgramName}: cannot start: {exception.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // For example the demo's --simulate on a machine without dbus-daemon.
            await error.WriteLineAsync($"{ProgramName}: cannot start: {exception.Message}");
            return ExitCodes.Failure;
        }

        await using (app)
        {
            if (!await TryStartAsync(app.StartAsync))
                return ExitCodes.Failure;
            await app.WaitForShutdownAsync();
            return ExitCodes.Success;
        }
    }

    private async Task<int> RunCommandAsync(ICliCommand command, ParseResult parsed, string[] configuration)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { Args = configuration, ContentRootPath = GatewayApp.ContentRoot });
        // stdout carries the command's results; logs and host messages go to stderr or nowhere.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        try
        {
            SettingsFile.Add(builder.Configuration, Environment.GetEnvironmentVariable(SettingsFile.EnvironmentVariable));
        }
        catch (SettingsFileException exception)
        {
            await error.WriteLineAsync($"{ProgramName}: cannot start: {exception.Message}");
            return ExitCodes.Failure;
        }

        addSharedServices(builder.Services, builder.Configuration);
        command.ConfigureServices(builder.Services, builder.Configuration);
        using IHost host = builder.Build();
        if (!await TryStartAsync(host.StartAsync))
            return ExitCodes.Failure;
        try
        {
            CancellationToken stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            return await command.RunAsync(new CommandContext(parsed, host.Services, output, error, stopping));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The store cannot be opened or written (in use, full disk, permissions): one line, nothing half-written.
            await error.WriteLineAsync($"{ProgramName} {command.Definition.Name}: {exception.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Starts a host; a bad configuration ends with its actionable messages on stderr.</summary>
    private async Task<bool> TryStartAsync(Func<CancellationToken, Task> start)
    {
        try
        {
            await start(CancellationToken.None);
            return true;
        }
        catch (OptionsValidationException exception)
        {
            await error.WriteLineAsync($"{ProgramName}: the configuration is not valid:");
            foreach (string failure in exception.Failures)
                await error.WriteLineAsync("  " + failure);
            return false;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{ProgramName}: cannot start: {exception.Message}");
            return false;
        }
    }

    /// <summary>System.CommandLine's generated help of <paramref name="command"/>.</summary>
    private async Task<int> ShowHelpAsync(Command command, TextWriter writer) =>
        await _root.Parse(command == _root ? ["--help"] : [command.Name, "--help"])
            .InvokeAsync(new InvocationConfiguration { Output = writer, Error = error });

    /// <summary>One line naming the problem, then the help of the command concerned, on stderr; exit code 2.</summary>
    private async Task<int> UsageErrorAsync(Command command, string problem)
    {
        await error.WriteLineAsync($"{(command == _root ? ProgramName : $"{ProgramName} {command.Name}")}: {problem}");
        await ShowHelpAsync(command, error);
        return ExitCodes.Usage;
    }
}
