namespace Atmo.Mqtt.Tests.Support;

/// <summary>A test class with a fresh Mosquitto and a temporary folder per test, both removed afterwards.</summary>
public abstract class BrokerTest : IAsyncLifetime
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("atmo-mqtt-test-").FullName;

    protected MosquittoBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await MosquittoBroker.StartNewAsync();

    public virtual async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
