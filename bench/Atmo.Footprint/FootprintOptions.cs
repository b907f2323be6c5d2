using System.CommandLine;
using System.Globalization;

namespace Atmo.Footprint;

/// <summary>The command line; every default is what the issue asks for (10 devices, 1 hour of accelerated time).</summary>
internal sealed class FootprintOptions
{
    private const string Description = """
        atmo-footprint: starts, per variant, `atmo-sim --private-bus --devices N` and the real daemon `dotnet exec atmo-edge.dll`
        on one accelerated clock (ATMO_EDGE_ACCELERATED_CLOCK=SPEED@ORIGIN), all variants at the same time, and
        samples the daemon's /proc counters. --hours and --warmup-minutes are accelerated time (wall = hours / speed).
        A variant setting starting with -- is a daemon argument, @PATH another build of the daemon, any other an
        environment variable:
          --variant server --variant workstation:DOTNET_gcServer=0,DOTNET_gcConcurrent=0
          --variant before:@/tmp/main-build/atmo-edge.dll --variant after
        Build first: dotnet build src/Atmo.Edge -c Release && dotnet build testing/Atmo.Simulator -c Release (the default --edge and --sim are its output).
        """;

    private static readonly Option<int> DevicesOption = new("--devices") { Description = "emulated devices", DefaultValueFactory = _ => 10 };
    private static readonly Option<double> SpeedOption = new("--speed")
    {
        Description = "accelerated seconds per wall second; at 6 the emulator's advertisements come at a real PRO's rate",
        DefaultValueFactory = _ => 6,
    };
    private static readonly Option<double> HoursOption = new("--hours") { Description = "accelerated hours to run", DefaultValueFactory = _ => 1 };
    private static readonly Option<double> WarmupOption = new("--warmup-minutes") { Description = "accelerated minutes left out of the numbers", DefaultValueFactory = _ => 10 };
    private static readonly Option<double> SampleOption = new("--sample-seconds") { Description = "wall seconds between two samples", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> HistoryOption = new("--history") { Description = "records each emulated unit holds at start", DefaultValueFactory = _ => 60 };
    private static readonly Option<List<Variant>> VariantOption = new("--variant")
    {
        Description = "NAME[:SETTING,...], once per variant (default: one variant, 'default')",
        CustomParser = result =>
        {
            try
            {
                return [.. result.Tokens.Select(token => Variant.Parse(token.Value))];
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
                return [];
            }
        },
    };
    private static readonly Option<string> EdgeOption = new("--edge") { Description = "the daemon to measure", DefaultValueFactory = _ => DefaultBuildOutput("src/Atmo.Edge", "atmo-edge.dll") };
    private static readonly Option<string> SimulatorOption = new("--sim") { Description = "the emulator", DefaultValueFactory = _ => DefaultBuildOutput("testing/Atmo.Simulator", "atmo-sim.dll") };
    private static readonly Option<string> OutputOption = new("--out")
    {
        Description = "folder for the logs and samples",
        DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "atmo-footprint", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)),
    };

    public int Devices { get; private init; }

    /// <summary>Accelerated seconds per wall second. At 6 the emulator's 10 advertisements per wall second give
    /// 100 per device-minute, close to a real PRO's ≈ 84.</summary>
    public double Speed { get; private init; }

    public double AcceleratedHours { get; private init; }

    public double WarmupAcceleratedMinutes { get; private init; }

    public TimeSpan SampleInterval { get; private init; }

    public int HistoryRecords { get; private init; }

    public required IReadOnlyList<Variant> Variants { get; init; }

    public required string EdgeDll { get; init; }

    public required string SimulatorDll { get; init; }

    public required string Output { get; init; }

    public TimeSpan WallDuration => TimeSpan.FromHours(AcceleratedHours / Speed);

    public TimeSpan WallWarmup => TimeSpan.FromMinutes(WarmupAcceleratedMinutes / Speed);

    public static RootCommand CreateCommand() => new(Description)
    {
        DevicesOption, SpeedOption, HoursOption, WarmupOption, SampleOption, HistoryOption, VariantOption, EdgeOption, SimulatorOption, OutputOption,
    };

    /// <exception cref="FormatException">Values that do not go together, or a binary that is missing.</exception>
    public static FootprintOptions From(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        List<Variant> variants = parsed.GetValue(VariantOption) is { Count: > 0 } given ? given : [new Variant("default", new Dictionary<string, string>(), [])];
        var options = new FootprintOptions
        {
            Devices = parsed.GetValue(DevicesOption),
            Speed = parsed.GetValue(SpeedOption),
            AcceleratedHours = parsed.GetValue(HoursOption),
            WarmupAcceleratedMinutes = parsed.GetValue(WarmupOption),
            SampleInterval = TimeSpan.FromSeconds(parsed.GetValue(SampleOption)),
            HistoryRecords = parsed.GetValue(HistoryOption),
            Variants = variants,
            EdgeDll = Path.GetFullPath(parsed.GetValue(EdgeOption)!),
            SimulatorDll = Path.GetFullPath(parsed.GetValue(SimulatorOption)!),
            Output = Path.GetFullPath(parsed.GetValue(OutputOption)!),
        };
        if (options.Speed < 1 || options.Devices < 1 || options.AcceleratedHours <= 0 || options.WallWarmup >= options.WallDuration)
            throw new FormatException("Need --speed ≥ 1, --devices ≥ 1, --hours > 0 and a warm-up shorter than the run.");
        if (options.Variants.Select(v => v.Name).Distinct().Count() != options.Variants.Count)
            throw new FormatException("Variant names must differ (each gets its own folder).");
        foreach (string dll in new[] { options.EdgeDll, options.SimulatorDll })
        {
            if (!File.Exists(dll))
                throw new FormatException($"{dll} does not exist: build it first (dotnet build src/Atmo.Edge -c Release && dotnet build testing/Atmo.Simulator -c Release) or give --edge / --sim.");
        }

        return options;
    }

    /// <summary>PROJECT/bin/Release/net10.0/FILE of the checkout this tool was built in.</summary>
    private static string DefaultBuildOutput(string project, string file)
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Atmo.Edge.sln")))
                return Path.Combine(folder.FullName, project, "bin", "Release", "net10.0", file);
        }

        return file;
    }
}
