using BenchmarkDotNet.Running;

namespace Atmo.Bench;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project bench/Atmo.Bench -- --filter '*Store*'
// or the scale soak (sync lag versus device count, see Scale/ScaleCommand.cs):
//   dotnet run -c Release --project bench/Atmo.Bench -- --scale --devices 10,20,40 --mtu 247
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--scale"))
            return await Scale.ScaleCommand.RunAsync(args);
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
