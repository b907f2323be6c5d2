using System.Text;
using System.Text.Json;
using Atmo.Core;
using Atmo.Mqtt.Facts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atmo.Mqtt.HomeAssistant;

/// <summary>
/// Keeps the retained topics that describe the gateway and its devices right: Home Assistant discovery configs,
/// per-device availability and device topic, the gateway topic. Every <see cref="MqttOptions.StatusInterval"/> it
/// compares what it published with the gateway's facts and publishes only the differences; after each
/// (re)connection it republishes everything. The list of announced devices is itself retained, so a device forgotten
/// while the gateway was down is still removed (empty retained configs) when it comes back.
/// </summary>
public sealed partial class DeviceAnnouncer(
    MqttConnection connection, MqttTopics topics, DiscoveryMessages discovery, IGatewayFacts facts,
    IOptions<MqttOptions> options, ILogger<DeviceAnnouncer> logger) : BackgroundService
{
    /// <summary>How long to wait for the retained list of announced devices after connecting.</summary>
    private static readonly TimeSpan RetainedWait = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, byte[]> _published = [];
    private readonly HashSet<MacAddress> _announced = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int epoch = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await connection.WaitConnectedAsync(stoppingToken);
                if (connection.Epoch != epoch)
                {
                    epoch = connection.Epoch;
                    await StartEpochAsync(stoppingToken);
                }

                await PublishRoundAsync(stoppingToken);
                await Task.Delay(options.Value.StatusInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A fact source failed (a store read); try again next round, collection is not ours to stop.
                LogRoundFailed(logger, exception.Message);
                await Task.Delay(options.Value.StatusInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>A new connection: the broker may have lost what it retained, so everything is published again.</summary>
    private async Task StartEpochAsync(CancellationToken cancellationToken)
    {
        _published.Clear();
        _announced.Clear();
        byte[]? retained = await connection.ReadRetainedAsync(topics.Announced, RetainedWait, cancellationToken);
        foreach (MacAddress device in ParseAnnounced(retained))
            _announced.Add(device);
        if (options.Value.Discovery)
        {
            foreach (EntityDefinition entity in Entities.Gateway)
                await PublishAsync(discovery.GatewayConfigTopic(entity), discovery.GatewayConfig(entity), cancellationToken);
        }
    }

    private async Task PublishRoundAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<AtmotubeFacts> devices = facts.ReadDevices();
        foreach (AtmotubeFacts device in devices)
        {
            if (options.Value.Discovery)
            {
                foreach (EntityDefinition entity in Entities.Atmotube)
                    await PublishAsync(discovery.ConfigTopic(device.Mac, entity), discovery.AtmotubeConfig(device, entity), cancellationToken);
            }

            await PublishAsync(topics.DeviceAvailability(device.Mac), Encoding.ASCII.GetBytes(device.Present ? "online" : "offline"), cancellationToken);
            await PublishAsync(topics.DeviceStatus(device.Mac), StatusMessages.Device(device), cancellationToken);
        }

        var current = devices.Select(d => d.Mac).ToHashSet();
        foreach (MacAddress forgotten in _announced.Where(d => !current.Contains(d)).ToList())
        {
            await RemoveAsync(forgotten, cancellationToken);
            LogForgotten(logger, forgotten);
        }

        _announced.Clear();
        _announced.UnionWith(current);
        await PublishAsync(topics.Announced, FormatAnnounced(current), cancellationToken);
        GatewayFacts gateway = await facts.ReadGatewayAsync(cancellationToken);
        await PublishAsync(topics.GatewayState, StatusMessages.Gateway(gateway), cancellationToken);
    }

    /// <summary>Empty retained messages: Home Assistant removes the entities, the broker drops the retained state.</summary>
    private async Task RemoveAsync(MacAddress device, CancellationToken cancellationToken)
    {
        foreach (EntityDefinition entity in Entities.Atmotube)
            await PublishAsync(discovery.ConfigTopic(device, entity), [], cancellationToken);
        await PublishAsync(topics.DeviceAvailability(device), [], cancellationToken);
        await PublishAsync(topics.DeviceStatus(device), [], cancellationToken);
        await PublishAsync(topics.DeviceState(device), [], cancellationToken);
    }

    /// <summary>Publishes a retained message unless this connection already carried the same bytes on that topic.</summary>
    private async Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        if (_published.TryGetValue(topic, out byte[]? previous) && previous.AsSpan().SequenceEqual(payload))
            return;
        if (await connection.TryPublishAsync(MqttConnection.Message(topic, payload, retain: true), cancellationToken))
        {
            if (payload.Length == 0)
                _published.Remove(topic);
            else
                _published[topic] = payload;
        }
    }

    internal static byte[] FormatAnnounced(IEnumerable<MacAddress> devices) =>
        JsonSerializer.SerializeToUtf8Bytes(devices.Order().Select(d => d.ToString()).ToArray());

    internal static IEnumerable<MacAddress> ParseAnnounced(byte[]? payload)
    {
        if (payload is not { Length: > 0 })
            return [];
        try
        {
            return (JsonSerializer.Deserialize<string[]>(payload) ?? [])
                .Select(text => MacAddress.TryParse(text, out MacAddress mac) ? mac : (MacAddress?)null)
                .OfType<MacAddress>().ToList();
        }
        catch (JsonException)
        {
            return []; // not ours (someone else published there); nothing to remove
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: device {Device} is no longer tracked; its Home Assistant entities and retained topics were removed")]
    private static partial void LogForgotten(ILogger logger, MacAddress device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: publishing device state failed ({Reason}); trying again next round")]
    private static partial void LogRoundFailed(ILogger logger, string reason);
}
