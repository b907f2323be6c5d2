using System.Diagnostics;
using System.Globalization;
using Atmo.Core;
using Atmo.Gateway.Data;
using Atmo.Gateway.Mqtt;
using Atmo.Mqtt;
using Atmo.Mqtt.Facts;
using Atmo.Mqtt.Stream;
using Atmo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Bench.Mqtt;

/// <summary>
/// <c>--mqtt</c>: the MQTT minute stream against a local Mosquitto (issue 13). A tool, not BenchmarkDotNet: a backfill
/// of 100,000 minutes is one long operation whose memory must be watched while it runs.
/// <code>
///   dotnet run -c Release --project bench/Atmo.Bench -- --mqtt [--minutes 100000] [--runs 5] [--live 3000]
/// </code>
/// Each run: a LiteDB store filled with <c>--minutes</c> history minutes of 10 devices in 240-minute commits, then the
/// real publisher (<see cref="MqttServices.AddMqtt"/>) publishes all of them with QoS 1 from cursor 0; minutes per second
/// until the last acknowledgement, the live managed heap (after a full collection) at 10, 50 and 90 % of the backfill,
/// and the peak heap and RSS sampled every 50 ms. Then the live cost: <c>--live</c>
/// commits of one minute each, once with the publisher running and once without (side by side), and the difference
/// in this process's CPU per minute; the broker's CPU is reported apart.
/// </summary>
internal static class MqttBenchCommand
{
    private const int Devices = 10;
    private const int MinutesPerCommit = 240;
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly double[] ProgressPoints = [0.1, 0.5, 0.9];

    public static async Task<int> RunAsync(string[] args)
    {
        int minutes = Argument(args, "--minutes", 100_000);
        int runs = Argument(args, "--runs", 5);
        int live = Argument(args, "--live", 3_000);
        using BenchBroker broker = await BenchBroker.StartAsync();
        Console.WriteLine($"MQTT minute stream to Mosquitto on 127.0.0.1:{broker.Port}; {minutes:N0} minutes of {Devices} devices per run, {runs} runs, {Environment.ProcessorCount} cores");
        Console.WriteLine("run | minutes/s | live heap MB at 10% / 50% / 90%, peak heap | RSS MB peak | broker CPU s | live: publisher CPU per minute | store alone per minute");
        var rates = new List<double>();
        var livePublisher = new List<double>();
        var peaks = new List<double>();
        for (int run = 1; run <= runs; run++)
        {
            string folder = Directory.CreateTempSubdirectory("atmo-bench-mqtt-").FullName;
            try
            {
                string database = Path.Combine(folder, "atmo-edge.db");
                Fill(database, minutes);
                (double rate, double[] heap, double rss, double brokerCpu) = await BackfillAsync(database, broker, minutes);
                (double withPublisher, double storeAlone) = await LiveCostAsync(database, broker, minutes, live);
                rates.Add(rate);
                peaks.Add(heap[3]);
                livePublisher.Add(withPublisher - storeAlone);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{run} | {rate:N0} | {heap[0]:F1} / {heap[1]:F1} / {heap[2]:F1} / {heap[3]:F1} | {rss:F0} | {brokerCpu:F1} | {(withPublisher - storeAlone) * 1000:F3} ms | {storeAlone * 1000:F3} ms"));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: {Median(rates):N0} minutes/s; peak heap {Median(peaks):F1} MB; publisher CPU per live minute {Median(livePublisher) * 1000:F3} ms"));
        return 0;
    }

    private static void Fill(string database, int minutes)
    {
        using var store = new LiteDbMinuteStore(new StorageOptions { Path = database, Durability = CommitDurability.ProcessCrashOnly }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        int perDevice = minutes / Devices;
        for (int first = 0; first < perDevice; first += MinutesPerCommit)
        {
            for (int device = 0; device < Devices; device++)
            {
                var mac = new MacAddress(0xC22B4F000000UL + (ulong)device);
                store.Write([.. Enumerable.Range(first, Math.Min(MinutesPerCommit, perDevice - first)).Select(i => new MinuteRecord
                {
                    Device = mac, Time = Start.AddMinutes(i), Source = MinuteSource.History,
                    Voc = 0.1 + i % 50 / 100.0, Pm1 = i % 30, Pm25 = i % 40, Pm10 = i % 60, T = 21.5, H = 40, P = 1001.2,
                })]);
            }
        }
    }

    private static async Task<(double Rate, double[] HeapMb, double RssMb, double BrokerCpuSeconds)> BackfillAsync(string database, BenchBroker broker, int minutes)
    {
        GC.Collect();
        TimeSpan brokerBefore = broker.ProcessorTime;
        using IHost host = BuildHost(database, broker);
        var stopwatch = Stopwatch.StartNew();
        await host.StartAsync();
        MinuteStreamPublisher publisher = host.Services.GetRequiredService<MinuteStreamPublisher>();
        double[] heap = new double[4];
        double rss = 0;
        while (publisher.Published < minutes)
        {
            double progress = (double)publisher.Published / minutes;
            heap[3] = Math.Max(heap[3], GC.GetTotalMemory(false) / 1048576.0);
            // At 10, 50 and 90 %: the live heap (after a full collection), which grows if anything accumulates.
            for (int point = 0; point < 3; point++)
            {
                if (progress >= ProgressPoints[point] && heap[point] == 0)
                    heap[point] = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
            }

            rss = Math.Max(rss, Environment.WorkingSet / 1048576.0);
            if (stopwatch.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"only {publisher.Published} of {minutes} minutes published in 5 min");
            await Task.Delay(50);
        }

        stopwatch.Stop();
        await host.StopAsync();
        return (minutes / stopwatch.Elapsed.TotalSeconds, heap, rss, (broker.ProcessorTime - brokerBefore).TotalSeconds);
    }

    /// <summary>This process's CPU per one-minute commit: with the publisher running, then the same writes with the store alone.</summary>
    private static async Task<(double WithPublisherSeconds, double StoreAloneSeconds)> LiveCostAsync(string database, BenchBroker broker, int backfilled, int live)
    {
        double withPublisher;
        using (IHost host = BuildHost(database, broker))
        {
            await host.StartAsync();
            MinuteStreamPublisher publisher = host.Services.GetRequiredService<MinuteStreamPublisher>();
            IMinuteStore store = host.Services.GetRequiredService<IMinuteStore>();
            TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
            WriteLive(store, backfilled, live);
            while (publisher.Published < live)
                await Task.Delay(5);
            withPublisher = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds / live;
            await host.StopAsync();
        }

        using (var store = new LiteDbMinuteStore(new StorageOptions { Path = database, Durability = CommitDurability.ProcessCrashOnly }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance))
        {
            TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
            WriteLive(store, backfilled + live, live);
            return (withPublisher, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds / live);
        }
    }

    /// <summary>One live minute per commit, round-robin over the devices, after the backfilled minutes.</summary>
    private static void WriteLive(IMinuteStore store, int after, int count)
    {
        int perDevice = after / Devices;
        for (int i = 0; i < count; i++)
        {
            var mac = new MacAddress(0xC22B4F000000UL + (ulong)(i % Devices));
            store.Write([new MinuteRecord { Device = mac, Time = Start.AddMinutes(perDevice + i / Devices), Source = MinuteSource.Live, Pm25 = i % 40, T = 21.5 }]);
        }
    }

    private static IHost BuildHost(string database, BenchBroker broker)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = database,
            ["Storage:Durability"] = nameof(CommitDurability.ProcessCrashOnly),
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:TopicPrefix"] = "bench/gw",
            ["Mqtt:Discovery"] = "false",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStorage();
        builder.Services.AddSingleton<IGatewayFacts, NoGatewayFacts>();
        builder.Services.AddSingleton<IDeviceSites, NoDeviceSites>();
        builder.Services.AddSingleton<IMinutePayloadWriter, ApiMinutePayloadWriter>();
        builder.Services.AddMqtt(builder.Configuration);
        return builder.Build();
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : fallback;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
