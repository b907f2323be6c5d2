using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Atmo.Bench.Scale;

/// <summary>
/// <c>--scale</c>: sync lag versus device count, the real collector against the emulator on an accelerated clock
/// (BenchmarkDotNet does not fit a soak of several device hours). Runs one world per device count, one after another:
/// <code>
///   dotnet run -c Release --project bench/Atmo.Bench -- --scale --devices 10,20,40,80,160 --mtu 247
///       [--speed 60] [--hours 3.25] [--warmup-hours 1.25] [--early-end true|false] [--seed 1] [--interval-minutes 60] [--set Key=Value]…
/// </code>
/// Prints one table row per run (device time throughout). The radio load is N visits per interval, so N units synced
/// every 10 min load the radio like 6 N units synced hourly (with 10 instead of 60 records per visit): that shows
/// where the queue stops draining without emulating thousands of units.
/// </summary>
internal static class ScaleCommand
{
    private static readonly Option<bool> Scale = new("--scale") { Description = "run the scale soak instead of the benchmarks" };
    private static readonly Option<int[]> Devices = new("--devices")
    {
        Description = "device counts, one run each, e.g. 10,20,40",
        DefaultValueFactory = _ => [10, 20, 40, 80, 160],
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            int[] counts = [.. text.Split(',').Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0 ? count : 0)];
            if (counts.Contains(0))
                result.AddError($"--devices '{text}': give device counts separated by commas, e.g. 10,20,40.");
            return counts;
        },
    };
    private static readonly Option<int> Mtu = new("--mtu") { Description = "ATT MTU: 23 or 247", DefaultValueFactory = _ => 247 };
    private static readonly Option<double> Speed = new("--speed") { Description = "accelerated clock speed", DefaultValueFactory = _ => 60 };
    private static readonly Option<double> Hours = new("--hours") { Description = "device hours per run", DefaultValueFactory = _ => 3.25 };
    private static readonly Option<double> WarmupHours = new("--warmup-hours") { Description = "device hours left out of the numbers", DefaultValueFactory = _ => 1.25 };
    private static readonly Option<bool> EarlyEnd = new("--early-end") { Description = "History:Session:EndAtNewestRecord (true|false)", DefaultValueFactory = _ => true, Arity = ArgumentArity.ExactlyOne };
    private static readonly Option<int> Seed = new("--seed") { Description = "the emulator's seed", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> IntervalMinutes = new("--interval-minutes") { Description = "minutes between two history visits of a unit", DefaultValueFactory = _ => 60 };
    private static readonly Option<List<string>> Set = new("--set")
    {
        Description = "an extra setting Key=Value, e.g. Ble:AbsenceThreshold=00:30:00 (repeatable)",
        Validators =
        {
            result =>
            {
                foreach (string pair in result.Tokens.Select(t => t.Value).Where(p => !p.Contains('=', StringComparison.Ordinal)))
                    result.AddError($"--set '{pair}': give Key=Value, e.g. Ble:AbsenceThreshold=00:30:00.");
            },
        },
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var command = new RootCommand("The scale soak: sync lag versus device count (see bench/Atmo.Bench/Scale/ScaleCommand.cs).")
        {
            Scale, Devices, Mtu, Speed, Hours, WarmupHours, EarlyEnd, Seed, IntervalMinutes, Set,
        };
        command.SetAction((parsed, _) => RunAsync(parsed));
        ParseResult commandLine = command.Parse(args);
        int exitCode = await commandLine.InvokeAsync();
        return commandLine.Errors.Count > 0 ? 2 : exitCode;
    }

    private static async Task<int> RunAsync(ParseResult parsed)
    {
        int[] devices = parsed.GetValue(Devices)!;
        int mtu = parsed.GetValue(Mtu), seed = parsed.GetValue(Seed), interval = parsed.GetValue(IntervalMinutes);
        double speed = parsed.GetValue(Speed), hours = parsed.GetValue(Hours), warmupHours = parsed.GetValue(WarmupHours);
        bool earlyEnd = parsed.GetValue(EarlyEnd);
        var extra = (parsed.GetValue(Set) ?? []).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        if (warmupHours >= hours)
        {
            Console.Error.WriteLine("--warmup-hours must be shorter than --hours.");
            return 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scale: MTU {mtu}, history every {interval} min, {speed}× clock, {hours} device hours ({warmupHours} warm-up), early end {(earlyEnd ? "on" : "off")}{string.Concat(extra.Select(e => $", {e.Key}={e.Value}"))}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
        Console.WriteLine("| N | MTU | speed | median lag | max lag | first-round max lag | visits/h | radio busy | hold/visit | failures | missing min | never synced | CPU | real |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (int n in devices)
        {
            var settings = new ScaleSettings(n, mtu, speed, TimeSpan.FromHours(hours), TimeSpan.FromHours(warmupHours), earlyEnd, interval, seed) { Extra = extra };
            ScaleResult result = await ScaleRun.RunAsync(settings, Console.Out);
            Console.WriteLine(Row(result));
            GC.Collect();
        }

        return 0;
    }

    private static string Row(ScaleResult r)
    {
        TimeSpan[] lags = [.. r.Lags.Order()];
        string median = lags.Length == 0 ? "–" : Minutes(lags[lags.Length / 2]);
        string max = lags.Length == 0 ? "–" : Minutes(lags[^1]);
        double holdSeconds = r.VisitsPerHour == 0 ? 0 : r.RadioBusy * 3600 / r.VisitsPerHour;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {r.Settings.Devices} | {r.Settings.Mtu} | {r.Settings.Speed}× | {median} | {max} | {Minutes(r.StartupLagMax)} | {r.VisitsPerHour:0.0} | {r.RadioBusy:P1} | {holdSeconds:0.0} s | {r.Failures} | {r.MissingMinutes} | {r.UnitsNeverSynced} | {r.CpuSeconds:0} s | {r.RealTime.TotalSeconds:0} s |");
    }

    private static string Minutes(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:0.0} min");
}
