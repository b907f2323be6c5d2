using System.CommandLine;
using Atmo.Core;
using Atmo.Gateway.CommandLine;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Tests.CommandLine;

public sealed class GatewayCliTests
{
    /// <summary>Records what it received: its arguments, the validated options and configuration.</summary>
    private sealed class ProbeCommand : ICliCommand
    {
        private readonly Argument<string> _file = new("file");
        private readonly Option<string> _mac = new("--mac") { HelpName = "MAC" };

        public ProbeCommand() => Definition = new Command("probe", "Reports what it was given.") { _file, _mac };

        public Command Definition { get; }
        public CommandContext? Seen { get; private set; }
        public bool CancelledWhileRunning { get; private set; } = true;
        public IMinuteStore? Store { get; private set; }

        public void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
            services.AddSingleton(new ProbeMarker(configuration["Probe:Flavour"]));

        public async Task<int> RunAsync(CommandContext context)
        {
            Seen = context;
            CancelledWhileRunning = context.Cancellation.IsCancellationRequested;
            Store = context.Services.GetRequiredService<IMinuteStore>();
            StorageOptions storage = context.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            await context.Out.WriteLineAsync($"{context.Arguments.GetValue(_file)} {context.Arguments.GetValue(_mac)} {storage.Path} {storage.RetentionDays} {context.Services.GetRequiredService<ProbeMarker>().Flavour}");
            return 7;
        }
    }

    private sealed record ProbeMarker(string? Flavour);

    private static (GatewayCli Cli, StringWriter Out, StringWriter Error) Create(ICliCommand command)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        GatewayCli cli = GatewayApp.CreateCli(output, error,
            services => services.AddSingleton<IMinuteStore>(new InMemoryMinuteStore()), [command]);
        return (cli, output, error);
    }

    [Fact]
    public async Task A_command_gets_its_arguments_and_the_same_configuration_overrides_as_the_daemon()
    {
        var probe = new ProbeCommand();
        (GatewayCli cli, StringWriter output, StringWriter error) = Create(probe);

        int exit = await cli.RunAsync(
            ["probe", "/tmp/export.csv", "--mac", "AA:BB:CC:DD:EE:FF", "--Storage:Path=/tmp/probe.db", "--Storage:RetentionDays", "30", "--Probe:Flavour=mint"]);

        Assert.True(exit == 7, error.ToString());
        Assert.Equal("/tmp/export.csv AA:BB:CC:DD:EE:FF /tmp/probe.db 30 mint\n", output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.False(probe.CancelledWhileRunning);
        Assert.True(probe.Seen!.Cancellation.IsCancellationRequested); // the host stopped afterwards
        Assert.IsType<InMemoryMinuteStore>(probe.Store);
    }

    [Fact]
    public async Task A_command_with_a_bad_configuration_does_not_run_and_exits_1_with_the_message()
    {
        var probe = new ProbeCommand();
        (GatewayCli cli, _, StringWriter error) = Create(probe);

        int exit = await cli.RunAsync(["probe", "x", "--Storage:RetentionDays=-5"]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Null(probe.Seen);
        Assert.Contains("Storage:RetentionDays is -5;", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_daemon_with_a_bad_configuration_exits_1_with_the_message()
    {
        (GatewayCli cli, _, StringWriter error) = Create(new ProbeCommand());

        int exit = await cli.RunAsync(["--urls=http://127.0.0.1:0", "--Api:RateLimitPerMinute=-1", "--Api:Keys:0=good-key-0001"]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("atmo-edge: the configuration is not valid:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Api:RateLimitPerMinute is -1;", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_daemon_rejects_a_malformed_switch_as_a_usage_error()
    {
        (GatewayCli cli, _, StringWriter error) = Create(new ProbeCommand());

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync(["-x=1"]));
        Assert.Contains("Usage:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error_listing_the_commands()
    {
        (GatewayCli cli, _, StringWriter error) = Create(new ProbeCommand());

        int exit = await cli.RunAsync(["frobnicate"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("atmo-edge: unknown command 'frobnicate'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("probe <file>", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Reports what it was given.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_command_arguments_are_a_usage_error()
    {
        var probe = new ProbeCommand();
        (GatewayCli cli, _, StringWriter error) = Create(probe);

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync(["probe", "x", "--mac"]));
        Assert.Contains("atmo-edge probe: Required argument missing for option: '--mac'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--mac <MAC>", error.ToString(), StringComparison.Ordinal);   // the command's help follows
        Assert.Null(probe.Seen);
    }

    [Fact]
    public async Task A_configuration_override_without_a_value_is_a_usage_error()
    {
        var probe = new ProbeCommand();
        (GatewayCli cli, _, StringWriter error) = Create(probe);

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync(["probe", "x", "--Storage:Path"]));
        Assert.Contains("atmo-edge probe: --Storage:Path needs a value", error.ToString(), StringComparison.Ordinal);
        Assert.Null(probe.Seen);
    }

    [Fact]
    public async Task A_configuration_override_before_the_argument_keeps_its_value()
    {
        var probe = new ProbeCommand();
        (GatewayCli cli, StringWriter output, StringWriter error) = Create(probe);

        int exit = await cli.RunAsync(["probe", "--Storage:Path", "/tmp/first.db", "/tmp/export.csv", "--mac=AA:BB:CC:DD:EE:FF"]);

        Assert.True(exit == 7, error.ToString());
        Assert.StartsWith("/tmp/export.csv AA:BB:CC:DD:EE:FF /tmp/first.db 0", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_s_own_help_names_its_arguments_and_options()
    {
        (GatewayCli cli, StringWriter output, _) = Create(new ProbeCommand());

        Assert.Equal(ExitCodes.Success, await cli.RunAsync(["probe", "--help"]));
        Assert.Contains("atmo-edge probe <file> [options]", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--mac <MAC>", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_the_daemon_and_every_command(string help)
    {
        (GatewayCli cli, StringWriter output, _) = Create(new ProbeCommand());

        Assert.Equal(ExitCodes.Success, await cli.RunAsync([help]));
        Assert.Contains("atmo-edge [--urls URL] [--Section:Key=value ...]", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Reports what it was given.", output.ToString(), StringComparison.Ordinal);
    }
}
