using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace Atmo.Mqtt.Tests.Support;

/// <summary>A subscriber that records every message it receives, with a persistent session so a broker restart loses nothing queued for it.</summary>
public sealed class MqttRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly string[] _filters;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _markerTopic = "atmo-test/marker/" + Guid.NewGuid().ToString("N");
    private readonly TaskCompletionSource _markerArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _keeper;

    private MqttRecorder(MosquittoBroker broker, string clientId, string[] filters, bool persistent)
    {
        _filters = filters;
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithCredentials(MosquittoBroker.Username, MosquittoBroker.Password)
            .WithClientId(clientId)
            .WithCleanSession(!persistent)
            .Build();
        _client.ApplicationMessageReceivedAsync += args =>
        {
            MqttApplicationMessage message = args.ApplicationMessage;
            if (message.Topic == _markerTopic)
            {
                _markerArrived.TrySetResult();
                return Task.CompletedTask;
            }

            Messages.Enqueue(new Received(message.Topic, message.Payload.ToArray(), message.Retain));
            return Task.CompletedTask;
        };
    }

    public ConcurrentQueue<Received> Messages { get; } = new();

    /// <param name="persistent">Keep the session (and the messages queued for it) across disconnections and broker restarts; reconnect by itself.</param>
    public static async Task<MqttRecorder> StartAsync(MosquittoBroker broker, string filter, bool persistent = false, string? clientId = null) =>
        await StartAsync(broker, [filter], persistent, clientId);

    public static async Task<MqttRecorder> StartAsync(MosquittoBroker broker, string[] filters, bool persistent = false, string? clientId = null)
    {
        var recorder = new MqttRecorder(broker, clientId ?? "recorder-" + Guid.NewGuid().ToString("N")[..8], filters, persistent);
        await recorder.ConnectAsync(CancellationToken.None);
        if (persistent)
            recorder._keeper = recorder.KeepConnectedAsync(recorder._stop.Token);
        return recorder;
    }

    /// <summary>The last message on each topic (retained messages as a new subscriber sees them).</summary>
    public IReadOnlyDictionary<string, Received> Latest()
    {
        var latest = new Dictionary<string, Received>();
        foreach (Received message in Messages)
            latest[message.Topic] = message;
        return latest;
    }

    /// <summary>
    /// Completes once every retained message of the subscription has arrived. The broker sends them when it accepts
    /// the subscription, so a marker this client publishes afterwards (and does not record) arrives after them.
    /// </summary>
    public async Task RetainedReceivedAsync()
    {
        await _client.SubscribeAsync(_markerTopic, MqttQualityOfServiceLevel.AtLeastOnce);
        await _client.PublishStringAsync(_markerTopic, "marker", MqttQualityOfServiceLevel.AtLeastOnce);
        await _markerArrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        MqttClientConnectResult result = await _client.ConnectAsync(_options, cancellationToken);
        if (result.IsSessionPresent)
            return; // the broker kept the subscriptions
        MqttClientSubscribeOptionsBuilder subscribe = new();
        foreach (string filter in _filters)
            subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        await _client.SubscribeAsync(subscribe.Build(), cancellationToken);
    }

    private async Task KeepConnectedAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(100, cancellationToken);
                if (!_client.IsConnected)
                    await ConnectAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The broker is down; try again.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_keeper is not null)
            await _keeper;
        if (_client.IsConnected)
            await _client.DisconnectAsync();
        _client.Dispose();
        _stop.Dispose();
    }
}
