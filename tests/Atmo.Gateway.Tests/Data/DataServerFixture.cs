using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Data;

public sealed class DataServerFixture : IAsyncLifetime
{
    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync(new InMemoryMinuteStore(TestData.All()));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
