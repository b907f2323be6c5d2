using BenchmarkDotNet.Running;

namespace Atmo.Bench;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project bench/Atmo.Bench -- --filter '*Store*'
// or the scale soak (sync lag versus device count, see Scale/ScaleCommand.cs):
//   dotnet run -c Release --project bench/Atmo.Bench -- --scale --devices 10,20,40 --mtu 247
// or the MQTT minute stream against a local Mosquitto (see Mqtt/MqttBenchCommand.cs):
//   dotnet run -c Release --project bench/Atmo.Bench -- --mqtt --minutes 100000 --runs 5
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--scale"))
            return await Scale.ScaleCommand.RunAsync(args);
        if (args.Contains("--mqtt"))
            return await Mqtt.MqttBenchCommand.RunAsync(args);
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
