using Atmo.Core;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Gateway.Tests.Data;

/// <summary>The same data set in the real LiteDB store, in a temporary folder.</summary>
public sealed class LiteDbDataServerFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atmo-gateway-litedb-").FullName;
    private LiteDbMinuteStore _store = null!;

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _store = new LiteDbMinuteStore(
            new StorageOptions { Path = Path.Combine(_folder, "atmo-edge.db"), Durability = CommitDurability.ProcessCrashOnly },
            TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        foreach (IGrouping<MacAddress, MinuteRecord> device in TestData.All().GroupBy(r => r.Device))
            Assert.Equal(device.Count(), _store.Write([.. device]).Inserted);
        Server = await GatewayServer.StartAsync(_store);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
