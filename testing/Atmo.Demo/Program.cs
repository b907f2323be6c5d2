// atmo-edge-demo: atmo-edge against emulated Atmotube PRO units, for a first look without hardware:
//   atmo-edge-demo --simulate 3 [--urls URL] [--Section:Key=value ...]
// It takes every setting atmo-edge takes, and ATMO_EDGE_ACCELERATED_CLOCK (the units share the daemon's clock).
using Atmo.Demo;
using Atmo.Gateway;

await using var simulation = new SimulateMode();
return await GatewayApp.CreateCli(Console.Out, Console.Error, extension: simulation.Extension).RunAsync(args);
