using Atmo.Core;
using Atmo.Gateway.Data;
using Atmo.Gateway.Mqtt;
using Atmo.Mqtt.Facts;
using Atmo.Mqtt.Stream;
using Atmo.Storage;
using Atmo.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Atmo.Mqtt.Tests.Support;

/// <summary>
/// The MQTT publisher in process, as the gateway composes it: the real LiteDB store and its change feed, the API's
/// minute format, <see cref="MqttServices.AddMqtt"/>; only the gateway's facts are set by the test. Every log record is kept.
/// </summary>
public sealed class PublisherHost : IAsyncDisposable
{
    public const string Prefix = "test/gw1";

    private readonly IHost _host;

    private PublisherHost(IHost host, FakeLogCollector logs)
    {
        _host = host;
        Logs = logs;
    }

    public FakeLogCollector Logs { get; }

    public IMinuteStore Store => _host.Services.GetRequiredService<IMinuteStore>();

    public MinuteStreamPublisher Stream => _host.Services.GetRequiredService<MinuteStreamPublisher>();

    public string LogText => Logs.AllText();

    /// <summary>Settings for <paramref name="broker"/>'s plain listener with the password file.</summary>
    public static string[] Plain(MosquittoBroker broker) =>
    [
        "Mqtt:Host=127.0.0.1", $"Mqtt:Port={broker.Port}", $"Mqtt:Username={MosquittoBroker.Username}", $"Mqtt:PasswordFile={broker.PasswordFile}",
    ];

    /// <param name="settings"><c>Key=value</c> pairs; later ones win.</param>
    public static async Task<PublisherHost> StartAsync(string database, IGatewayFacts facts, params string[] settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var values = new Dictionary<string, string?>
        {
            ["Storage:Path"] = database,
            ["Mqtt:TopicPrefix"] = Prefix,
            ["Mqtt:StatusInterval"] = "00:00:01",
        };
        foreach (string setting in settings)
            values[setting[..setting.IndexOf('=')]] = setting[(setting.IndexOf('=') + 1)..];
        builder.Configuration.AddInMemoryCollection(values);
        var logs = new FakeLogCollector();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStorage();
        builder.Services.AddSingleton(facts);
        builder.Services.AddSingleton<IDeviceSites, NoDeviceSites>();
        builder.Services.AddSingleton<IMinutePayloadWriter, ApiMinutePayloadWriter>();
        builder.Services.AddMqtt(builder.Configuration);
        IHost host = builder.Build();
        await host.StartAsync();
        return new PublisherHost(host, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
