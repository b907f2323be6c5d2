using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Atmo.Core;
using Atmo.Mqtt.Tests.Support;
using Atmo.Simulator.Devices;
using Atmo.Testing;
using Xunit.Abstractions;

namespace Atmo.Mqtt.Tests;

/// <summary>
/// The real daemon collecting from two emulated units on an accelerated clock (360×: six device hours in a minute)
/// while publishing to a real Mosquitto; the broker is stopped for 10 s (an hour of device time) and the daemon is
/// SIGKILLed twice. A subscriber with a persistent session must receive every minute <c>GET /api/v1/data</c> holds,
/// with the API's values, duplicates only around the kills.
/// </summary>
public sealed class DaemonStreamTests(ITestOutputHelper output) : BrokerTest
{
    private const double Speed = 360;
    private const string Prefix = "test/daemon";
    private const string ApiKey = "mqtt-daemon-test-key";

    private readonly StringWriter _log = new();

    /// <summary>What the daemons printed so far.</summary>
    private string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    public override async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Every_stored_minute_reaches_the_subscriber_across_aBroker_outage_and_two_SIGKILLs()
    {
        var clock = new AcceleratedTimeProvider(Speed);
        var options = EmulatedBlueZ.FastOptions(devices: 2, initialRecords: 180);
        options.DeviceClock = clock;
        await using EmulatedBlueZ bluez = await EmulatedBlueZ.StartAsync(options);
        IReadOnlyList<EmulatedAtmotube> units = bluez.Emulator.Units;
        await using MqttRecorder subscriber = await MqttRecorder.StartAsync(Broker, Prefix + "/+/minutes", persistent: true, clientId: "daemon-subscriber");
        var environment = new Dictionary<string, string>
        {
            [AcceleratedTimeProvider.EnvironmentVariable] = string.Create(CultureInfo.InvariantCulture, $"{Speed}@{clock.Origin:O}"),
        };
        int port = MosquittoBroker.FreePort();
        string[] arguments = Arguments(bluez.Address, port, units);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using (var first = GatewayProcess.Start(arguments, environment, _log))
        {
            await Eventually.UntilAsync(() => first.HasExited || DevicesSeen(subscriber) == 2, "minutes of both units on the broker", realSeconds: 60);
            Assert.False(first.HasExited, Log);
            await Task.Delay(TimeSpan.FromSeconds(5));
            await first.KillAsync();
        }

        using (var second = GatewayProcess.Start(arguments, environment, _log))
        {
            await WaitServingAsync(http, second);
            await Task.Delay(TimeSpan.FromSeconds(5));
            int before = await StoredCountAsync(http, units, clock);
            await Broker.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(10));
            int during = await StoredCountAsync(http, units, clock);
            Assert.True(during >= before + 2 * 30, $"collection slowed while the broker was down: {before} → {during} minutes");
            await Broker.StartAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await second.KillAsync();
            Assert.Contains("lost the connection", Log, StringComparison.Ordinal);
        }

        using (var third = GatewayProcess.Start(arguments, environment, _log))
        {
            await WaitServingAsync(http, third);
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Equal(0, await third.StopAsync(TimeSpan.FromSeconds(30))); // SIGTERM: the held live minutes are stored
        }

        // A last daemon without Bluetooth: nothing new is collected, the stream catches up, the API is the truth.
        string[] quiet = [.. arguments.Where(a => !a.StartsWith("--Ble:BusAddress=", StringComparison.Ordinal)), "--Ble:BusAddress=unix:path=/nonexistent/bus"];
        using var last = GatewayProcess.Start(quiet, environment, _log);
        await WaitServingAsync(http, last);
        Dictionary<(string Mac, DateTime Time), string> api = await ApiMinutesAsync(http, units, clock);
        await Eventually.UntilAsync(() => api.Keys.All(Received(subscriber).ContainsKey), "every stored minute on the broker", realSeconds: 60);
        await Task.Delay(1000);
        Assert.Equal(0, await last.StopAsync(TimeSpan.FromSeconds(30)));

        Dictionary<(string Mac, DateTime Time), List<string>> received = Received(subscriber);
        foreach (((string mac, DateTime time), string item) in api)
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(item), JsonNode.Parse(received[(mac, time)][^1])), $"{mac} {time:u}: API {item}, MQTT {received[(mac, time)][^1]}");
        Assert.DoesNotContain(received.Keys, key => !api.ContainsKey(key));
        int messages = subscriber.Messages.Count;
        int duplicates = received.Values.Sum(payloads => payloads.Count - payloads.Distinct().Count());
        int updates = received.Values.Sum(payloads => payloads.Distinct().Count() - 1);
        int lateFills = LateFills(subscriber);
        output.WriteLine($"{api.Count} minutes stored, {messages} messages: {duplicates} duplicates, {updates} updates (a minute's values replaced), {lateFills} minutes older than one already sent (late fills)");
        Assert.True(api.Count >= 2 * 180, $"only {api.Count} minutes stored");
        // Each kill repeats what was in flight (≤ 512 messages) and what was acknowledged since the store's last commit,
        // which writes the cursor (docs/storage.md, "Change feed"): at most one commit, here the first download of both
        // units' 180 stored minutes.
        Assert.True(duplicates <= 2 * (512 + 2 * 180), $"{duplicates} duplicates");
        Assert.Equal(0, LiveOutOfOrder(subscriber));
    }

    private string[] Arguments(string bus, int port, IReadOnlyList<EmulatedAtmotube> units)
    {
        var arguments = new List<string>
        {
            "--urls", $"http://127.0.0.1:{port}",
            $"--Storage:Path={Folder}/atmo-edge.db",
            $"--Api:Keys:0={ApiKey}",
            "--Api:RateLimitPerMinute=100000",
            $"--Ble:BusAddress={bus}",
            "--Mqtt:Host=127.0.0.1",
            $"--Mqtt:Port={Broker.Port}",
            $"--Mqtt:Username={MosquittoBroker.Username}",
            $"--Mqtt:PasswordFile={Broker.PasswordFile}",
            $"--Mqtt:TopicPrefix={Prefix}",
            "--Logging:Console:FormatterName=simple",
            "--Logging:Console:FormatterOptions:SingleLine=true",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Atmo=Information",
        };
        arguments.AddRange(GatewayProcess.AcceleratedTimings(Speed));
        for (int i = 0; i < units.Count; i++)
            arguments.Add($"--Devices:{i}:Mac={units[i].Address}");
        return [.. arguments];
    }

    private async Task WaitServingAsync(HttpClient http, GatewayProcess daemon) =>
        await Eventually.UntilAsync(async () =>
        {
            if (daemon.HasExited)
                throw new InvalidOperationException("atmo-edge ended:\n" + Log);
            try
            {
                return (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "atmo-edge serving", realSeconds: 60);

    private static async Task<int> StoredCountAsync(HttpClient http, IReadOnlyList<EmulatedAtmotube> units, TimeProvider clock) =>
        (await ApiMinutesAsync(http, units, clock)).Count;

    /// <summary>Every minute <c>GET /api/v1/data</c> answers for the units, as the minute stream should carry it (the item plus mac).</summary>
    private static async Task<Dictionary<(string Mac, DateTime Time), string>> ApiMinutesAsync(HttpClient http, IReadOnlyList<EmulatedAtmotube> units, TimeProvider clock)
    {
        DateTime now = clock.GetUtcNow().UtcDateTime;
        string from = now.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string to = now.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var minutes = new Dictionary<(string, DateTime), string>();
        foreach (EmulatedAtmotube unit in units)
        {
            string mac = unit.Address.ToString();
            string json = await http.GetStringAsync(new Uri(
                $"/api/v1/data?api_key={ApiKey}&mac={mac}&start_date={from}&end_date={to}&order=asc&include=source", UriKind.Relative));
            foreach (JsonNode? item in JsonNode.Parse(json)!["data"]!["items"]!.AsArray())
            {
                var withMac = new JsonObject { ["mac"] = mac };
                foreach ((string key, JsonNode? value) in item!.AsObject())
                    withMac[key] = value?.DeepClone();
                minutes[(mac, item["time"]!.GetValue<DateTime>().ToUniversalTime())] = withMac.ToJsonString();
            }
        }

        return minutes;
    }

    /// <summary>Every payload received per (mac, time), in arrival order.</summary>
    private static Dictionary<(string Mac, DateTime Time), List<string>> Received(MqttRecorder subscriber)
    {
        var received = new Dictionary<(string, DateTime), List<string>>();
        foreach (Received message in subscriber.Messages)
        {
            JsonElement root = JsonDocument.Parse(message.Payload).RootElement;
            (string, DateTime) key = (root.GetProperty("mac").GetString()!, root.GetProperty("time").GetDateTime().ToUniversalTime());
            if (!received.TryGetValue(key, out List<string>? payloads))
                received[key] = payloads = [];
            payloads.Add(message.Text);
        }

        return received;
    }

    private static int DevicesSeen(MqttRecorder subscriber) => subscriber.Messages.Select(m => m.Topic).Distinct().Count();

    /// <summary>First deliveries older than a minute already delivered for the same device.</summary>
    private static int LateFills(MqttRecorder subscriber) => OutOfOrder(subscriber, _ => true);

    /// <summary>Live minutes delivered after a newer live minute of the same device (never: live minutes are stored in time order).</summary>
    private static int LiveOutOfOrder(MqttRecorder subscriber) => OutOfOrder(subscriber, source => source == "live");

    private static int OutOfOrder(MqttRecorder subscriber, Func<string, bool> counted)
    {
        var newest = new Dictionary<string, DateTime>();
        var seen = new HashSet<(string, DateTime)>();
        int outOfOrder = 0;
        foreach (Received message in subscriber.Messages)
        {
            JsonElement root = JsonDocument.Parse(message.Payload).RootElement;
            string mac = root.GetProperty("mac").GetString()!;
            DateTime time = root.GetProperty("time").GetDateTime();
            if (!counted(root.GetProperty("source").GetString()!) || !seen.Add((mac, time)))
                continue;
            if (newest.TryGetValue(mac, out DateTime last) && time < last)
                outOfOrder++;
            else
                newest[mac] = time;
        }

        return outOfOrder;
    }
}
