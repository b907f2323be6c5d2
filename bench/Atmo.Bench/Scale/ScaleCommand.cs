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
    public static async Task<int> RunAsync(string[] args)
    {
        int[] devices = [10, 20, 40, 80, 160];
        int mtu = 247;
        double speed = 60, hours = 3.25, warmupHours = 1.25;
        bool earlyEnd = true;
        int seed = 1;
        int interval = 60;
        var extra = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--scale": break;
                case "--devices": devices = [.. Next().Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))]; break;
                case "--mtu": mtu = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--speed": speed = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--hours": hours = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup-hours": warmupHours = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--early-end": earlyEnd = bool.Parse(Next()); break;
                case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--interval-minutes": interval = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--set":
                    string[] pair = Next().Split('=', 2);
                    extra[pair[0]] = pair.Length == 2 ? pair[1] : throw new ArgumentException("--set needs Key=Value, e.g. Ble:AbsenceThreshold=00:30:00.");
                    break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}. See bench/Atmo.Bench/Scale/ScaleCommand.cs.");
                    return 2;
            }
        }

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
