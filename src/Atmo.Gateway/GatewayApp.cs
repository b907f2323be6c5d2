// The gateway's composition. Read top to bottom: the command line, then the daemon's services, then
// its HTTP pipeline. The hosts are thin: src/Atmo.Edge (atmo-edge) and testing/Atmo.Demo (the emulator).
using Atmo.Collector.Hosting;
using Atmo.Gateway.Api;
using Atmo.Gateway.Api.Errors;
using Atmo.Gateway.Api.OpenApi;
using Atmo.Gateway.Api.Redaction;
using Atmo.Gateway.CommandLine;
using Atmo.Gateway.Commands;
using Atmo.Gateway.Configuration;
using Atmo.Gateway.Dashboard;
using Atmo.Gateway.Diagnostics;
using Atmo.Gateway.Health;
using Atmo.Gateway.Metrics;
using Atmo.Gateway.Mqtt;
using Atmo.Gateway.Simulation;
using Atmo.Gateway.Storage;
using Atmo.Storage;
using Microsoft.Extensions.Configuration.Memory;

namespace Atmo.Gateway;

public static class GatewayApp
{
    /// <summary>Where a developer run listens; the installed service passes <c>--urls http://0.0.0.0:5080</c> to serve the LAN.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>appsettings.json is read beside the binary, whatever the working directory.</summary>
    public static string ContentRoot => AppContext.BaseDirectory;

    /// <summary>The subcommands, one class each (see <see cref="ICliCommand"/>); new instances for each command line.</summary>
    public static IReadOnlyList<ICliCommand> CreateCommands() =>
    [
        new ImportCommand(),
        new SyncCommand(),
        new BackupCommand(),
        new ScanCommand(),
        new DiagnoseCommand(),
        new QuarantineCommand(),
    ];

    /// <param name="overrides">Applied after every registration (tests swap the store and the clock).</param>
    /// <param name="extension">What the host adds to the daemon (the demo: <c>--simulate</c> and the emulator).</param>
    public static GatewayCli CreateCli(
        TextWriter output, TextWriter error,
        Action<IServiceCollection>? overrides = null, IReadOnlyList<ICliCommand>? commands = null,
        GatewayHostExtension? extension = null) =>
        new(extension ?? GatewayHostExtension.None,
            commands ?? CreateCommands(),
            CreateBuilder,
            builder => Build(builder, overrides),
            (services, configuration) =>
            {
                AddSharedServices(services, configuration);
                overrides?.Invoke(services);
            },
            output, error);

    /// <summary>The daemon: web server, <c>GET /api/v1/data</c> and the background services.</summary>
    /// <param name="args">Configuration overrides (<c>--urls</c>, <c>--Section:Key=value</c>).</param>
    /// <param name="overrides">Applied after every registration (tests swap the store and the clock).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? overrides = null) =>
        Build(CreateBuilder(args), overrides);

    /// <summary>The daemon's builder with its configuration read; a host may add configuration and services before <see cref="Build(WebApplicationBuilder, Action{IServiceCollection}?)"/>.</summary>
    /// <param name="args">Configuration overrides (<c>--urls</c>, <c>--Section:Key=value</c>).</param>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(
            new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot });

        // Lowest-priority default: appsettings.json, environment (URLS, ASPNETCORE_URLS) and --urls all win.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new KeyValuePair<string, string?>("urls", DefaultUrls)],
        });
        SettingsFile.Add(builder.Configuration, Environment.GetEnvironmentVariable(SettingsFile.EnvironmentVariable));
        builder.Host.UseSystemd();
        return builder;
    }

    /// <summary>Registers the daemon's services on <paramref name="builder"/> and builds its HTTP pipeline.</summary>
    /// <param name="overrides">Applied after every registration (tests swap the store and the clock).</param>
    public static WebApplication Build(WebApplicationBuilder builder, Action<IServiceCollection>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddSharedServices(builder.Services, builder.Configuration);
        builder.Services.AddApi();
        builder.Services.AddHealth();
        builder.Services.AddGatewayMetrics();
        builder.Services.AddApiDocumentation();
        builder.Services.AddQueryRedaction();

        // Background services of the daemon.
        builder.Services.AddHostedService<RetentionService>();
        builder.Services.AddHostedService<BackupSocketServer>();
        builder.Services.AddCollector(builder.Configuration);
        builder.Services.AddGatewayCloudSync(builder.Configuration);
        builder.Services.AddGatewayMqtt(builder.Configuration);
        builder.Services.AddSystemdWatchdog(WatchdogOptions.PeriodFromEnvironment(
            Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId));

        overrides?.Invoke(builder.Services);

        WebApplication app = builder.Build();
        GatewayClock.WarnIfAccelerated(app.Services.GetRequiredService<TimeProvider>(), app.Logger);
        app.UseApiErrors();
        app.UseGatewayMetrics();
        app.MapApi();
        app.MapHealth();
        app.MapOpenApi();
        app.MapDashboard();
        return app;
    }

    /// <summary>What the daemon and every command share: the clock, log hygiene, storage.</summary>
    public static void AddSharedServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(GatewayClock.FromEnvironment());
        services.AddStorage();
    }
}
