using System.Text;
using System.Text.Json;
using Atmo.Core;
using Atmo.Mqtt.Tests.Support;
using Atmo.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Atmo.Mqtt.Tests;

/// <summary>The minute stream in process, against a real Mosquitto and the real store with its change feed.</summary>
public sealed class MinuteStreamTests : BrokerTest
{
    private static readonly MacAddress Device = MacAddress.Parse("C2:2B:4F:11:22:33");
    private static readonly DateTime Start = new(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc);
    private const string MinutesTopic = PublisherHost.Prefix + "/C22B4F112233/minutes";


    private string Database => Path.Combine(Folder, "atmo-edge.db");

    [Fact]
    public async Task Every_stored_minute_is_published_as_the_API_writes_it_and_the_newest_is_the_retained_state()
    {
        await using MqttRecorder recorder = await MqttRecorder.StartAsync(Broker, PublisherHost.Prefix + "/+/minutes");
        await using PublisherHost publisher = await PublisherHost.StartAsync(Database, new FakeGatewayFacts(), PublisherHost.Plain(Broker));
        publisher.Store.Write([History(0, 120)]);
        publisher.Store.Write([.. Enumerable.Range(1, 119).Select(i => History(i, 120 + i))]);
        publisher.Store.Write([new MinuteRecord { Device = Device, Time = Start.AddMinutes(120), Source = MinuteSource.Live, Pm25 = 4.5, T = 20.25 }]);

        await Eventually.UntilAsync(() => recorder.Messages.Count >= 121, "121 minutes");
        Received[] messages = [.. recorder.Messages];
        Assert.Equal(121, messages.Length);
        Assert.All(messages, m => Assert.Equal(MinutesTopic, m.Topic));
        Assert.Equal(
            "{\"mac\":\"C2:2B:4F:11:22:33\",\"time\":\"2026-12-06T00:00:00.000Z\",\"voc\":0.12,\"pm1\":3,\"pm25\":5,\"pm10\":7,\"t\":21.5,\"h\":40,\"p\":1001.2,\"source\":\"history\"}",
            messages[0].Text);
        Assert.Equal(
            "{\"mac\":\"C2:2B:4F:11:22:33\",\"time\":\"2026-12-06T02:00:00.000Z\",\"pm25\":4.5,\"t\":20.25,\"source\":\"live\"}",
            messages[^1].Text);
        DateTime[] times = [.. messages.Select(Time)];
        Assert.Equal(times.Order(), times);

        // The newest minute is retained: a new subscriber gets it at once.
        await using MqttRecorder late = await MqttRecorder.StartAsync(Broker, PublisherHost.Prefix + "/+/state");
        await Eventually.UntilAsync(() => !late.Messages.IsEmpty, "the retained state");
        Assert.True(late.Messages.Single().Retain);
        Assert.Equal(messages[^1].Text, late.Messages.Single().Text);
    }

    [Fact]
    public async Task A_minute_stored_late_is_published_when_stored_and_does_not_replace_a_newer_state()
    {
        await using MqttRecorder recorder = await MqttRecorder.StartAsync(Broker, [PublisherHost.Prefix + "/+/minutes", PublisherHost.Prefix + "/+/state"]);
        await using PublisherHost publisher = await PublisherHost.StartAsync(Database, new FakeGatewayFacts(), PublisherHost.Plain(Broker));
        publisher.Store.Write([History(10, 1)]);
        publisher.Store.Write([History(5, 2)]); // a gap filled later (a cloud fill, a history download)

        await Eventually.UntilAsync(() => recorder.Messages.Count(m => m.Topic == MinutesTopic) >= 2, "both minutes");
        await Task.Delay(300);
        Assert.Equal([Start.AddMinutes(10), Start.AddMinutes(5)], recorder.Messages.Where(m => m.Topic == MinutesTopic).Select(Time));
        Assert.Equal([Start.AddMinutes(10)], recorder.Messages.Where(m => m.Topic.EndsWith("/state", StringComparison.Ordinal)).Select(Time));
    }

    [Fact]
    public async Task ABroker_outage_loses_nothing_and_slows_no_write()
    {
        await using MqttRecorder recorder = await MqttRecorder.StartAsync(Broker, PublisherHost.Prefix + "/+/minutes", persistent: true, clientId: "outage-recorder");
        await using PublisherHost publisher = await PublisherHost.StartAsync(Database, new FakeGatewayFacts(), PublisherHost.Plain(Broker));
        for (int i = 0; i < 100; i++)
            publisher.Store.Write([History(i, i)]);
        await Eventually.UntilAsync(() => recorder.Messages.Count >= 100, "the first 100 minutes");

        await Broker.StopAsync();
        var writes = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 100; i < 300; i++)
            publisher.Store.Write([History(i, i)]);
        writes.Stop();
        await Task.Delay(1500); // the publisher notices, backs off, tries again
        await Broker.StartAsync();

        await Eventually.UntilAsync(() => recorder.Messages.Select(Time).Distinct().Count() == 300, "all 300 minutes after the outage", realSeconds: 30);
        Assert.True(writes.Elapsed < TimeSpan.FromSeconds(10), $"200 writes took {writes.Elapsed} while the broker was down");
        Assert.True(recorder.Messages.Count - 300 <= 1, $"{recorder.Messages.Count - 300} duplicates; only what was in flight may repeat");
        Assert.Contains("lost the connection", publisher.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_resumes_from_the_durable_cursor()
    {
        await using MqttRecorder recorder = await MqttRecorder.StartAsync(Broker, PublisherHost.Prefix + "/+/minutes");
        await using (PublisherHost first = await PublisherHost.StartAsync(Database, new FakeGatewayFacts(), PublisherHost.Plain(Broker)))
        {
            first.Store.Write([.. Enumerable.Range(0, 50).Select(i => History(i, i))]);
            await Eventually.UntilAsync(() => recorder.Messages.Count >= 50, "the first 50");
            first.Store.Write([History(50, 50)]); // the cursor rides on the store's next commit
            await Eventually.UntilAsync(() => recorder.Messages.Count >= 51, "the 51st");
        }

        await using (PublisherHost second = await PublisherHost.StartAsync(Database, new FakeGatewayFacts(), PublisherHost.Plain(Broker)))
        {
            second.Store.Write([.. Enumerable.Range(51, 20).Select(i => History(i, i))]);
            await Eventually.UntilAsync(() => recorder.Messages.Count >= 71, "the next 20");
            await Task.Delay(500);
        }

        Assert.Equal(71, recorder.Messages.Count);
        Assert.Equal(Enumerable.Range(0, 71).Select(i => Start.AddMinutes(i)), recorder.Messages.Select(Time));
    }

    [Fact]
    public async Task A_replay_publishes_the_range_in_order_and_answers_with_its_count()
    {
        await using PublisherHost publisher = await PublisherHost.StartAsync(Database, new FakeGatewayFacts(), PublisherHost.Plain(Broker));
        publisher.Store.Write([.. Enumerable.Range(0, 200).Select(i => History(i, i))]);
        await using (MqttRecorder caughtUp = await MqttRecorder.StartAsync(Broker, PublisherHost.Prefix + "/+/state"))
            await Eventually.UntilAsync(() => caughtUp.Messages.Any(m => Time(m) == Start.AddMinutes(199)), "the stream caught up");

        await using MqttRecorder recorder = await MqttRecorder.StartAsync(Broker, [PublisherHost.Prefix + "/+/minutes", PublisherHost.Prefix + "/replay/done"]);
        await PublishAsync(PublisherHost.Prefix + "/replay", "{\"from\":\"2026-12-06T01:00:00Z\",\"to\":\"2026-12-06T02:00:00Z\",\"mac\":\"C2:2B:4F:11:22:33\",\"id\":\"r1\"}");
        await PublishAsync(PublisherHost.Prefix + "/replay", "{\"from\":\"2026-12-06T02:00:00Z\",\"to\":\"2026-12-06T01:00:00Z\",\"id\":\"r2\"}");

        await Eventually.UntilAsync(() => recorder.Messages.Count(m => m.Topic.EndsWith("/done", StringComparison.Ordinal)) == 2, "both answers");
        Assert.Equal(Enumerable.Range(60, 60).Select(i => Start.AddMinutes(i)), recorder.Messages.Where(m => m.Topic == MinutesTopic).Select(Time));
        string[] answers = [.. recorder.Messages.Where(m => m.Topic.EndsWith("/done", StringComparison.Ordinal)).Select(m => m.Text)];
        Assert.Equal("{\"id\":\"r1\",\"minutes\":60}", answers[0]);
        Assert.Equal("{\"id\":\"r2\",\"minutes\":0,\"error\":\"\\u0022from\\u0022 must be earlier than \\u0022to\\u0022\"}", answers[1]);
    }

    private async Task PublishAsync(string topic, string payload)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Broker.Port)
            .WithCredentials(MosquittoBroker.Username, MosquittoBroker.Password).Build());
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync();
    }

    /// <summary>A history minute at <paramref name="minute"/> with values derived from <paramref name="seed"/> (seed 120: the hand-checked one).</summary>
    private static MinuteRecord History(int minute, int seed) => new()
    {
        Device = Device, Time = Start.AddMinutes(minute), Source = MinuteSource.History,
        Voc = seed == 120 ? 0.12 : 0.1 + seed % 7 / 100.0, Pm1 = 3, Pm25 = seed == 120 ? 5 : seed % 40, Pm10 = 7, T = 21.5, H = 40, P = 1001.2,
    };

    private static DateTime Time(Received message) =>
        JsonDocument.Parse(message.Payload).RootElement.GetProperty("time").GetDateTime().ToUniversalTime();
}
