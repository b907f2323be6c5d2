using System.Diagnostics;
using Atmo.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Atmo.Gateway.Tests.Simulation;

/// <summary>`atmo-edge --simulate N` leaves nothing running when it stops: its private dbus-daemon ends with it.</summary>
public sealed class SimulateModeShutdownTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("atmo-simulate-stop-").FullName;

    [Fact]
    public async Task Stopping_the_gateway_ends_its_private_dbus_daemon()
    {
        WebApplication app = GatewayApp.Build(
            ["--simulate", "1", "--urls", "http://127.0.0.1:0", $"--Storage:Path={_dir}/stop.db", "--Api:Keys:0=simulate-stop-key"]);
        await app.StartAsync();
        using Process bus = Process.GetProcessById(app.Services.GetRequiredService<SimulatedBluetooth>().Bus.ProcessId);

        await app.StopAsync();
        await app.DisposeAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await bus.WaitForExitAsync(timeout.Token);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
