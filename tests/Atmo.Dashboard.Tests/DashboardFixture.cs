namespace Atmo.Dashboard.Tests;

/// <summary>One gateway process and one browser for every dashboard test (each test opens its own browser context).</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Emulated units besides the two prepared devices.</summary>
    public const int SimulatedDevices = 2;

    internal GatewayUnderTest Gateway { get; private set; } = null!;
    internal Chromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The browser first: a missing Chromium fails at once, before the gateway starts.
        Chromium = await Chromium.LaunchAsync();
        Gateway = await GatewayUnderTest.StartAsync(SimulatedDevices);
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
            await Gateway.DisposeAsync();
        if (Chromium is not null)
            await Chromium.DisposeAsync();
    }
}
