using System.Text.Json;
using Atmo.Mqtt.Tests.Support;
using Atmo.Testing;

namespace Atmo.Mqtt.Tests;

/// <summary>Home Assistant discovery against a real Mosquitto: what Home Assistant accepts, unique, retained, removed when forgotten.</summary>
public sealed class DiscoveryTests : BrokerTest
{
    private const string DeviceA = "C2:2B:4F:11:22:33";
    private const string DeviceB = "C2:2B:4F:44:55:66";


    [Fact]
    public async Task Every_entity_is_retained_with_a_device_class_unit_and_state_class_Home_Assistant_accepts_and_a_unique_id()
    {
        var facts = new FakeGatewayFacts();
        facts.Set(FakeGatewayFacts.Device(DeviceA, "classroom 3"), FakeGatewayFacts.Device(DeviceB));
        await using (PublisherHost publisher = await PublisherHost.StartAsync(Database(), facts, PublisherHost.Plain(Broker)))
            await WaitAnnouncedAsync(2);

        // The publisher is gone: what a new subscriber gets now was retained.
        await using MqttRecorder homeAssistant = await MqttRecorder.StartAsync(Broker, "homeassistant/#");
        await homeAssistant.RetainedReceivedAsync();
        IReadOnlyList<Received> configs = [.. homeAssistant.Messages];
        Assert.Equal(2 * 10 + 3, configs.Count);
        Assert.All(configs, config => Assert.True(config.Retain, config.Topic));

        var uniqueIds = new HashSet<string>();
        foreach (Received config in configs)
        {
            using var json = JsonDocument.Parse(config.Payload);
            JsonElement root = json.RootElement;
            string component = config.Topic.Split('/')[1];
            Assert.True(uniqueIds.Add(root.GetProperty("unique_id").GetString()!), $"unique_id repeated: {config.Text}");
            Assert.StartsWith(PublisherHost.Prefix + "/", root.GetProperty("state_topic").GetString(), StringComparison.Ordinal);
            string? deviceClass = Optional(root, "device_class");
            string? unit = Optional(root, "unit_of_measurement");
            string? stateClass = Optional(root, "state_class");
            if (component == "binary_sensor")
            {
                Assert.Contains(deviceClass!, HomeAssistantRules.BinarySensorClasses);
                continue;
            }

            Assert.Equal("sensor", component);
            if (deviceClass is null)
            {
                // A plain count (devices tracked): any state class Home Assistant knows.
                Assert.Contains(stateClass!, HomeAssistantRules.StateClasses);
                continue;
            }

            Assert.True(HomeAssistantRules.SensorUnits.TryGetValue(deviceClass, out string?[]? units), $"device class {deviceClass} unknown");
            Assert.Contains(unit, units!);
            Assert.Contains(stateClass, HomeAssistantRules.SensorStateClasses[deviceClass]);
        }

        // The Atmotube is one device with its MAC, the gateway another; the Atmotube's config names the gateway.
        string[] classes = [.. configs.Where(c => c.Topic.Contains("c22b4f112233", StringComparison.Ordinal))
            .Select(c => Optional(JsonDocument.Parse(c.Payload).RootElement, "device_class") ?? "")];
        Assert.Equal(["atmospheric_pressure", "battery", "humidity", "pm1", "pm10", "pm25", "signal_strength", "temperature", "timestamp", "volatile_organic_compounds_parts"], classes.Order());
        JsonElement device = JsonDocument.Parse(configs.First(c => c.Topic.EndsWith("c22b4f112233_pm25/config", StringComparison.Ordinal)).Payload).RootElement.GetProperty("device");
        Assert.Equal("atmotube_c22b4f112233", device.GetProperty("identifiers")[0].GetString());
        Assert.Equal("classroom 3", device.GetProperty("name").GetString());
        Assert.Equal("74051E", device.GetProperty("sw_version").GetString());
        Assert.Equal("atmo_edge_test_gw1", device.GetProperty("via_device").GetString());
    }

    [Fact]
    public async Task A_device_forgotten_while_the_gateway_was_down_loses_its_entities_and_retained_topics()
    {
        var facts = new FakeGatewayFacts();
        facts.Set(FakeGatewayFacts.Device(DeviceA), FakeGatewayFacts.Device(DeviceB));
        await using (await PublisherHost.StartAsync(Database(), facts, PublisherHost.Plain(Broker)))
            await WaitAnnouncedAsync(2);

        facts.Set(FakeGatewayFacts.Device(DeviceA));
        await using (PublisherHost publisher = await PublisherHost.StartAsync(Database(), facts, PublisherHost.Plain(Broker)))
        {
            await WaitAnnouncedAsync(1);
            Assert.Contains("C2:2B:4F:44:55:66 is no longer tracked", publisher.LogText, StringComparison.Ordinal);
        }

        await using MqttRecorder everything = await MqttRecorder.StartAsync(Broker, ["homeassistant/#", PublisherHost.Prefix + "/#"]);
        await everything.RetainedReceivedAsync();
        Assert.DoesNotContain(everything.Messages, m => m.Topic.Contains("c22b4f445566", StringComparison.Ordinal) || m.Topic.Contains("C22B4F445566", StringComparison.Ordinal));
        Assert.Equal(10, everything.Messages.Count(m => m.Topic.Contains("c22b4f112233", StringComparison.Ordinal)));
        Assert.Contains(everything.Messages, m => m.Topic == $"{PublisherHost.Prefix}/C22B4F112233/availability" && m.Text == "online");
    }

    [Fact]
    public async Task Two_gateways_on_oneBroker_share_the_Atmotube_device_and_never_overwrite_each_others_entities()
    {
        var facts = new FakeGatewayFacts();
        facts.Set(FakeGatewayFacts.Device(DeviceA));
        await using MqttRecorder homeAssistant = await MqttRecorder.StartAsync(Broker, "homeassistant/#");
        await using (await PublisherHost.StartAsync(Database(), facts, [.. PublisherHost.Plain(Broker), "Mqtt:ClientId=gw1"]))
        await using (await PublisherHost.StartAsync(Path.Combine(Folder, "two.db"), facts, [.. PublisherHost.Plain(Broker), "Mqtt:TopicPrefix=test/gw2", "Mqtt:ClientId=gw2"]))
            await Eventually.UntilAsync(() => homeAssistant.Latest().Count >= 2 * (10 + 3), "both gateways' configs");

        IReadOnlyDictionary<string, Received> configs = homeAssistant.Latest();
        Assert.Equal(2 * (10 + 3), configs.Count);
        string[] identifiers = [.. configs.Values.Where(c => c.Topic.Contains("c22b4f112233", StringComparison.Ordinal))
            .Select(c => JsonDocument.Parse(c.Payload).RootElement.GetProperty("device").GetProperty("identifiers")[0].GetString()!).Distinct()];
        Assert.Equal(["atmotube_c22b4f112233"], identifiers);
        Assert.Equal(configs.Count, configs.Values.Select(c => JsonDocument.Parse(c.Payload).RootElement.GetProperty("unique_id").GetString()).Distinct().Count());
    }

    private string Database() => Path.Combine(Folder, "atmo-edge.db");

    /// <summary>Waits until the retained list of announced devices has <paramref name="count"/> entries.</summary>
    private async Task WaitAnnouncedAsync(int count)
    {
        await using MqttRecorder recorder = await MqttRecorder.StartAsync(Broker, PublisherHost.Prefix + "/announced");
        await Eventually.UntilAsync(
            () => recorder.Latest().TryGetValue(PublisherHost.Prefix + "/announced", out Received? list) && JsonDocument.Parse(list.Payload).RootElement.GetArrayLength() == count,
            $"{count} device(s) announced");
    }

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) ? value.GetString() : null;
}
