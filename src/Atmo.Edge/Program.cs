// atmo-edge: the production host. `atmo-edge` runs the daemon, `atmo-edge NAME ...` one command;
// everything is composed in src/Atmo.Gateway (GatewayApp). The emulator lives in the demo host only.
using System.CommandLine;
using Atmo.Gateway;

var simulate = new Option<string>("--simulate")
{
    Description = "not in atmo-edge: the emulated devices are the demo's (testing/Atmo.Demo)",
    Hidden = true,
    Arity = ArgumentArity.ZeroOrMore,
};
simulate.Validators.Add(result => result.AddError(
    "--simulate is not part of atmo-edge, which runs only real devices. The emulated devices are in the demo: " +
    "dotnet run --project testing/Atmo.Demo -- --simulate 3"));

return await GatewayApp.CreateCli(Console.Out, Console.Error, extension: new GatewayHostExtension { DaemonOptions = [simulate] }).RunAsync(args);
