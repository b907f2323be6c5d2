using System.Diagnostics;

namespace Atmo.Footprint;

/// <summary>
/// One variant: its own atmo-sim (private dbus-daemon) and its own atmo-edge on a fresh database, both on the
/// shared accelerated clock; the daemon's /proc counters are sampled until the run ends.
/// </summary>
internal sealed class VariantRun(Variant variant, FootprintOptions options, string folder)
{
    public Variant Variant { get; } = variant;

    public List<ProcSample> Samples { get; } = [];

    public StoredMinutes? Stored { get; private set; }

    public string DatabasePath => Path.Combine(folder, "atmo-edge.db");

    public async Task RunAsync(string clock, Stopwatch wall, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var environment = new Dictionary<string, string> { ["ATMO_EDGE_ACCELERATED_CLOCK"] = clock };
        var busAddress = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        const string Export = "export DBUS_SYSTEM_BUS_ADDRESS=";
        using var simulator = ChildProcess.Start(options.SimulatorDll,
            ["--private-bus", "--devices", options.Devices.ToString(Inv), "--history", options.HistoryRecords.ToString(Inv)],
            environment, Path.Combine(folder, "atmo-sim.log"),
            line =>
            {
                if (line.StartsWith(Export, StringComparison.Ordinal))
                    busAddress.TrySetResult(line[Export.Length..]);
            });
        string bus;
        try
        {
            bus = await busAddress.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{Variant.Name}: atmo-sim printed no bus address within 30 s; see {Path.Combine(folder, "atmo-sim.log")}.");
        }


        foreach ((string key, string value) in Variant.Environment)
            environment[key] = value;
        string[] arguments =
        [
            $"--Ble:BusAddress={bus}",
            "--Ble:AutoDiscover=true",
            $"--Storage:Path={DatabasePath}",
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            .. Variant.Arguments,
        ];
        using var daemon = ChildProcess.Start(Variant.Daemon ?? options.EdgeDll, arguments, environment, Path.Combine(folder, "atmo-edge.log"));
        while (wall.Elapsed < options.WallDuration && !daemon.HasExited)
        {
            if (ProcSample.Read(daemon.Id, wall.Elapsed.TotalSeconds) is { } sample)
                Samples.Add(sample);
            await Task.Delay(options.SampleInterval, cancellationToken);
        }

        if (daemon.HasExited)
            throw new InvalidOperationException($"{Variant.Name}: atmo-edge exited early; see {Path.Combine(folder, "atmo-edge.log")}.");
        if (!await daemon.StopAsync(TimeSpan.FromSeconds(30)))
            Console.Error.WriteLine($"{Variant.Name}: atmo-edge did not stop within 30 s of SIGTERM and was killed.");
        await simulator.StopAsync(TimeSpan.FromSeconds(10));
        Stored = StoredMinutes.Count(DatabasePath);
        WriteSamples(Path.Combine(folder, "samples.csv"));
    }

    /// <summary>Every sample, for a plot or a second look at the trend.</summary>
    private void WriteSamples(string file)
    {
        using var writer = new StreamWriter(file);
        writer.WriteLine("wall_seconds,rss_bytes,rss_anon_bytes,cpu_seconds,write_bytes,wchar");
        foreach (ProcSample s in Samples)
            writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.WallSeconds:0.0},{s.RssBytes},{s.AnonymousBytes},{s.CpuSeconds:0.00},{s.WriteBytes},{s.WriteChars}"));
    }

    private static IFormatProvider Inv => System.Globalization.CultureInfo.InvariantCulture;
}
