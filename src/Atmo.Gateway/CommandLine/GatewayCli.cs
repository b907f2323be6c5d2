using Atmo.Gateway.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.CommandLine;

/// <summary>
/// The command-line dispatcher. <c>atmo-edge [--Section:Key=value ...]</c> runs the daemon;
/// <c>atmo-edge NAME ...</c> runs one <see cref="ICliCommand"/>; <c>atmo-edge help</c> lists them.
/// Both accept the standard .NET configuration overrides.
/// </summary>
/// <param name="buildDaemon">Builds the daemon from its arguments (<see cref="GatewayApp.Build"/>).</param>
/// <param name="addSharedServices">Registers the services every command gets (<see cref="GatewayApp.AddSharedServices"/>).</param>
public sealed class GatewayCli(
    IReadOnlyList<ICliCommand> commands,
    Func<string[], WebApplication> buildDaemon,
    Action<IServiceCollection, IConfiguration> addSharedServices,
    TextWriter output,
    TextWriter error)
{
    public async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["help" or "--help" or "-h" or "-?", ..])
        {
            await output.WriteAsync(Usage());
            return ExitCodes.Success;
        }

        // No command word: everything is configuration for the daemon ("key=value" is configuration too).
        if (args.Length == 0 || args[0].StartsWith('-') || args[0].Contains('=', StringComparison.Ordinal))
            return await RunDaemonAsync(args);

        ICliCommand? command = commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (command is null)
            return await UsageErrorAsync($"unknown command '{args[0]}'");
        if (!CommandArguments.TryParse(command, args[1..], out CommandArguments? arguments, out string? problem))
            return await UsageErrorAsync(problem);
        return await RunCommandAsync(command, arguments);
    }

    private async Task<int> RunDaemonAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = buildDaemon(args);
        }
        catch (FormatException exception)
        {
            // The command-line configuration provider rejects e.g. "-x=1".
            return await UsageErrorAsync(exception.Message);
        }
        catch (SettingsFileException exception)
        {
            await error.WriteLineAsync("atmo-edge: cannot start: " + exception.Message);
            return ExitCodes.Failure;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // For example --simulate on a machine without dbus-daemon.
            await error.WriteLineAsync("atmo-edge: cannot start: " + exception.Message);
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

    private async Task<int> RunCommandAsync(ICliCommand command, CommandArguments arguments)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { Args = [.. arguments.ConfigurationArgs], ContentRootPath = GatewayApp.ContentRoot });
        // stdout carries the command's results; logs and host messages go to stderr or nowhere.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        try
        {
            SettingsFile.Add(builder.Configuration, Environment.GetEnvironmentVariable(SettingsFile.EnvironmentVariable));
        }
        catch (SettingsFileException exception)
        {
            await error.WriteLineAsync("atmo-edge: cannot start: " + exception.Message);
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
            return await command.RunAsync(new CommandContext(arguments, host.Services, output, error, stopping));
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
            await error.WriteLineAsync("atmo-edge: the configuration is not valid:");
            foreach (string failure in exception.Failures)
                await error.WriteLineAsync("  " + failure);
            return false;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("atmo-edge: cannot start: " + exception.Message);
            return false;
        }
    }

    private async Task<int> UsageErrorAsync(string problem)
    {
        await error.WriteLineAsync("atmo-edge: " + problem);
        await error.WriteAsync(Usage());
        return ExitCodes.Usage;
    }

    public string Usage()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("Usage:");
        text.AppendLine("  atmo-edge [--urls URL] [--Section:Key=value ...]   run the gateway daemon");
        foreach (ICliCommand command in commands)
            text.AppendLine($"  atmo-edge {command.Usage} [--Section:Key=value ...]").AppendLine($"      {command.Summary}");
        text.AppendLine("  atmo-edge help                                     show this help");
        text.AppendLine();
        text.AppendLine("Configuration: appsettings.json, then environment variables (Storage__Path=...),");
        text.AppendLine("then the command line (--Storage:Path=...); see README.md, \"Configuration\".");
        return text.ToString();
    }
}
