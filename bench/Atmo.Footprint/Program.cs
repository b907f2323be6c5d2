using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Atmo.Footprint;

// atmo-footprint: footprint of the real daemon with emulated devices on an accelerated clock. See atmo-footprint --help.
RootCommand command = FootprintOptions.CreateCommand();
command.SetAction((parsed, _) => RunAsync(parsed));
ParseResult commandLine = command.Parse(args);
// Ctrl+C is handled below: the children are stopped before this process ends.
int exitCode = await commandLine.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
return commandLine.Errors.Count > 0 ? 2 : exitCode;

static async Task<int> RunAsync(ParseResult parsed)
{
    FootprintOptions options;
    try
    {
        options = FootprintOptions.From(parsed);
    }
    catch (FormatException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    if (!File.Exists("/proc/self/io"))
    {
        Console.Error.WriteLine("/proc/PID/io is missing: this tool needs Linux with task I/O accounting.");
        return 1;
    }

    // One clock for every process of every variant: speed and origin fixed now.
    string clock = string.Create(CultureInfo.InvariantCulture, $"{options.Speed}@{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{options.Devices} devices, clock {clock}: {options.AcceleratedHours} accelerated h = {options.WallDuration.TotalMinutes:0.#} wall min, warm-up {options.WarmupAcceleratedMinutes} accelerated min; output in {options.Output}"));
    // atmo-sim advertises every 100 ms of wall time, whatever the speed.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {600 / options.Speed:0.#} advertisements per device-minute (a real PRO: ≈ 84)"));
    foreach (Variant variant in options.Variants)
        Console.WriteLine($"  variant {variant}");

    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    var wall = Stopwatch.StartNew();
    var runs = options.Variants.Select(v => new VariantRun(v, options, Path.Combine(options.Output, v.Name))).ToList();
    try
    {
        await Task.WhenAll(runs.Select(run => run.RunAsync(clock, wall, cancel.Token)));
    }
    catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }

    Console.WriteLine(FootprintReport.Table(runs.Select(run => (run.Variant, FootprintReport.From(run, options))).ToList()));
    Console.WriteLine("write_bytes: bytes the daemon caused to reach the block layer (/proc/PID/io), the SD-card wear; wchar: bytes handed to write(2).");
    return 0;
}
