using System.Buffers;
using System.Threading.Channels;
using Atmo.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Atmo.Mqtt.Stream;

/// <summary>
/// Replays a range of stored minutes onto the minute stream on request (docs/mqtt.md, "Replay"): a subscriber that
/// joins late, or lost its database, asks on <c>&lt;prefix&gt;/replay</c> and receives the range on the usual
/// <c>&lt;prefix&gt;/&lt;MAC&gt;/minutes</c> topics, in time order per device, then one answer on
/// <c>&lt;prefix&gt;/replay/done</c>. One replay runs at a time; a few more wait, and beyond that a request is refused.
/// The range is streamed from the store, so memory stays bounded whatever its length.
/// </summary>
public sealed partial class ReplayService(
    MqttConnection connection, MqttTopics topics, MinuteMessages messages, IMinuteStore store, ILogger<ReplayService> logger) : BackgroundService
{
    private const int QueuedRequests = 4;
    private const int Window = 512;

    private readonly Channel<byte[]> _requests = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(QueuedRequests) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        connection.MessageReceived += OnMessage;
        await connection.SubscribeAsync(topics.ReplayRequest, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (byte[] payload in _requests.Reader.ReadAllAsync(stoppingToken))
                await ReplayAsync(payload, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        connection.MessageReceived -= OnMessage;
        return base.StopAsync(cancellationToken);
    }

    private Task OnMessage(MqttApplicationMessage message)
    {
        if (message.Topic == topics.ReplayRequest && !message.Retain && !_requests.Writer.TryWrite(message.Payload.ToArray()))
            LogBusy(logger);
        return Task.CompletedTask;
    }

    private async Task ReplayAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var request = ReplayRequest.Parse(payload, out string? error, out string? id);
        if (request is null)
        {
            LogRefused(logger, error!);
            await AnswerAsync(id, 0, error, cancellationToken);
            return;
        }

        IEnumerable<MacAddress> devices = request.Device is { } device ? [device] : store.Devices();
        long published = 0;
        var pending = new Queue<Task<bool>>();
        bool failed = false;
        foreach (MacAddress mac in devices)
        {
            MinuteStream minutes = store.StreamQuery(new MinuteQuery(mac, request.From, request.To, SortOrder.Ascending));
            foreach (StoredMinute minute in minutes.Items)
            {
                pending.Enqueue(connection.TryPublishAsync(messages.Minute(mac, minute), cancellationToken));
                if (pending.Count >= Window)
                    failed |= !await pending.Dequeue();
                if (failed)
                    break;
                published++;
            }

            if (failed)
                break;
        }

        while (pending.Count > 0)
            failed |= !await pending.Dequeue();
        string? outcome = failed ? "the connection to the broker was lost during the replay; ask again" : null;
        LogReplayed(logger, request.From, request.To, request.Device?.ToString() ?? "every device", published, outcome ?? "done");
        await AnswerAsync(id, published, outcome, cancellationToken);
    }

    private Task<bool> AnswerAsync(string? id, long minutes, string? error, CancellationToken cancellationToken) =>
        connection.TryPublishAsync(MqttConnection.Message(topics.ReplayDone, JsonPayload.Object(json =>
        {
            if (id is not null) json.WriteString("id", id);
            json.WriteNumber("minutes", minutes);
            if (error is not null) json.WriteString("error", error);
        }), retain: false), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: replay of {From:u} to {To:u} for {Devices}: {Minutes} minutes published ({Outcome})")]
    private static partial void LogReplayed(ILogger logger, DateTime from, DateTime to, string devices, long minutes, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: replay request refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: replay request dropped: four replays already wait; ask again when they are done")]
    private static partial void LogBusy(ILogger logger);
}
