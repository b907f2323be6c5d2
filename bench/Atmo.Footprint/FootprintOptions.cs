using System.Globalization;

namespace Atmo.Footprint;

/// <summary>The command line; every default is what the issue asks for (10 devices, 1 hour of accelerated time).</summary>
internal sealed class FootprintOptions
{
    public const string Usage = """
        atmo-footprint [--devices 10] [--speed 6] [--hours 1] [--warmup-minutes 10] [--sample-seconds 5]
                       [--history 60] [--variant NAME[:SETTING,...]]... [--edge atmo-edge.dll] [--sim atmo-sim.dll]
                       [--out FOLDER]

        Starts, per variant, `atmo-sim --private-bus --devices N` and the real daemon `dotnet exec atmo-edge.dll`
        on one accelerated clock (ATMO_EDGE_ACCELERATED_CLOCK=SPEED@ORIGIN), all variants at the same time, and
        samples the daemon's /proc counters. --hours and --warmup-minutes are accelerated time (wall = hours / speed).
        A variant setting starting with -- is a daemon argument, any other an environment variable:
          --variant server --variant workstation:DOTNET_gcServer=0,DOTNET_gcConcurrent=0
        Build first: dotnet build src/Atmo.Gateway -c Release && dotnet build src/Atmo.Simulator -c Release (the default --edge and --sim are its output).
        """;

    public int Devices { get; private set; } = 10;

    /// <summary>Accelerated seconds per wall second. At 6 the emulator's 10 advertisements per wall second give
    /// 100 per device-minute, close to a real PRO's ≈ 84.</summary>
    public double Speed { get; private set; } = 6;

    public double AcceleratedHours { get; private set; } = 1;

    public double WarmupAcceleratedMinutes { get; private set; } = 10;

    public TimeSpan SampleInterval { get; private set; } = TimeSpan.FromSeconds(5);

    public int HistoryRecords { get; private set; } = 60;

    public List<Variant> Variants { get; } = [];

    public string EdgeDll { get; private set; } = DefaultBuildOutput("Atmo.Gateway", "atmo-edge.dll");

    public string SimulatorDll { get; private set; } = DefaultBuildOutput("Atmo.Simulator", "atmo-sim.dll");

    public string Output { get; private set; } = Path.Combine(Path.GetTempPath(), "atmo-footprint", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

    public TimeSpan WallDuration => TimeSpan.FromHours(AcceleratedHours / Speed);

    public TimeSpan WallWarmup => TimeSpan.FromMinutes(WarmupAcceleratedMinutes / Speed);

    /// <exception cref="FormatException">An unknown option or a bad value.</exception>
    public static FootprintOptions Parse(string[] args)
    {
        var options = new FootprintOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--devices": options.Devices = (int)Number(); break;
                case "--speed": options.Speed = Number(); break;
                case "--hours": options.AcceleratedHours = Number(); break;
                case "--warmup-minutes": options.WarmupAcceleratedMinutes = Number(); break;
                case "--sample-seconds": options.SampleInterval = TimeSpan.FromSeconds(Number()); break;
                case "--history": options.HistoryRecords = (int)Number(); break;
                case "--variant": options.Variants.Add(Variant.Parse(Next())); break;
                case "--edge": options.EdgeDll = Path.GetFullPath(Next()); break;
                case "--sim": options.SimulatorDll = Path.GetFullPath(Next()); break;
                case "--out": options.Output = Path.GetFullPath(Next()); break;
                default: throw new FormatException($"Unknown option {args[i]}.");
            }
        }

        if (options.Variants.Count == 0)
            options.Variants.Add(new Variant("default", new Dictionary<string, string>(), []));
        if (options.Speed < 1 || options.Devices < 1 || options.AcceleratedHours <= 0 || options.WallWarmup >= options.WallDuration)
            throw new FormatException("Need --speed ≥ 1, --devices ≥ 1, --hours > 0 and a warm-up shorter than the run.");
        if (options.Variants.Select(v => v.Name).Distinct().Count() != options.Variants.Count)
            throw new FormatException("Variant names must differ (each gets its own folder).");
        foreach (string dll in new[] { options.EdgeDll, options.SimulatorDll })
        {
            if (!File.Exists(dll))
                throw new FormatException($"{dll} does not exist: build it first (dotnet build src/Atmo.Gateway -c Release && dotnet build src/Atmo.Simulator -c Release) or give --edge / --sim.");
        }

        return options;
    }

    /// <summary>src/PROJECT/bin/Release/net10.0/FILE of the checkout this tool was built in.</summary>
    private static string DefaultBuildOutput(string project, string file)
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Atmo.Edge.sln")))
                return Path.Combine(folder.FullName, "src", project, "bin", "Release", "net10.0", file);
        }

        return file;
    }
}
