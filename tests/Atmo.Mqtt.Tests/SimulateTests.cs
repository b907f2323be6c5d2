using System.Text.Json;
using Atmo.Mqtt.Tests.Support;
using Atmo.Testing;

namespace Atmo.Mqtt.Tests;

/// <summary><c>atmo-edge-demo --simulate 2 --Mqtt:Host=…</c>: the emulated units appear to Home Assistant and on the minute stream.</summary>
public sealed class SimulateTests : BrokerTest
{

    [Fact]
    public async Task The_emulated_units_appear_in_Home_Assistant_and_publish_their_minutes()
    {
        await using MqttRecorder recorder = await MqttRecorder.StartAsync(Broker, ["homeassistant/#", "demo/gw/+/minutes"]);
        using var demo = BusOwnerProcess.Start("atmo-edge-demo.dll",
            "--simulate", "2", "--urls", $"http://127.0.0.1:{MosquittoBroker.FreePort()}", $"--Storage:Path={Folder}/demo.db",
            "--Api:Keys:0=demo-mqtt-key", "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={Broker.Port}",
            $"--Mqtt:Username={MosquittoBroker.Username}", $"--Mqtt:PasswordFile={Broker.PasswordFile}", "--Mqtt:TopicPrefix=demo/gw");

        await Eventually.UntilAsync(() => demo.Process.HasExited || AtmotubeDevices(recorder) == 2 && MinuteTopics(recorder) == 2,
            "both emulated units announced and publishing minutes", realSeconds: 90);
        Assert.False(demo.Process.HasExited, demo.Output);

        demo.Signal("TERM");
        Assert.Equal(0, await demo.WaitForExitAsync());
        await demo.AssertNothingLeftAsync(seconds: 0);
    }

    private static int AtmotubeDevices(MqttRecorder recorder) =>
        recorder.Messages.Where(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal) && m.Payload.Length > 0)
            .Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("device").GetProperty("identifiers")[0].GetString()!)
            .Where(id => id.StartsWith("atmotube_", StringComparison.Ordinal)).Distinct().Count();

    private static int MinuteTopics(MqttRecorder recorder) =>
        recorder.Messages.Where(m => m.Topic.EndsWith("/minutes", StringComparison.Ordinal)).Select(m => m.Topic).Distinct().Count();
}
