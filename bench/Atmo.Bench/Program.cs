using BenchmarkDotNet.Running;

namespace Atmo.Bench;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project bench/Atmo.Bench -- --filter '*Store*'
public static class BenchProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
