using System.Diagnostics;
using Atmo.Collector.Tests.Support;
using Atmo.Simulator.Devices;
using Atmo.Testing;
using Xunit.Abstractions;

namespace Atmo.Collector.Tests.Hosting;

/// <summary>
/// A real child process (Atmo.Collector.CrashHost: the collector and the LiteDB store) is killed with SIGKILL in the
/// middle of a history download and started again on the same file; the emulator keeps running in this process.
/// Real time (no accelerated clock across processes).
/// </summary>
public class BluetoothCollectorKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_collector_process_killed_mid_download_and_restarted_loses_and_duplicates_nothing()
    {
        await using CollectorWorld world = await CollectorWorld.StartAsync(output, devices: 1, initialRecords: 1500, mtu: 23, speed: 1);
        EmulatedAtmotube unit = world.Units[0];
        unit.NotificationDelay = TimeSpan.FromMilliseconds(1);

        string killedAt = await RunAsync(world, killAfter: line => line.Contains(" batch 1: ", StringComparison.Ordinal));
        output.WriteLine($"SIGKILL after: {killedAt}");
        Assert.Contains(unit.Memory.Records, r => !r.Synced);

        await RunAsync(world, killAfter: _ => unit.Memory.Unsynced().Count <= 2);

        GroundTruth truth = world.Verify();
        Assert.True(truth.Expected >= 1500, $"expected ≥ 1500 synced minutes, got {truth.Expected}");
        Assert.Equal(0, truth.Missing);
        Assert.Equal(0, truth.Duplicated);
        Assert.Equal(truth.Expected, truth.Stored);
    }

    /// <summary>Starts the child and kills it (SIGKILL) at the first output line for which <paramref name="killAfter"/> holds.</summary>
    private async Task<string> RunAsync(CollectorWorld world, Func<string, bool> killAfter)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "Atmo.Collector.CrashHost.dll");
        Assert.True(File.Exists(host), $"crash host missing: {host}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "exec", host, world.BlueZ.Address, world.StorePath,
            "History:IntervalMinutes=1", "History:RequestWindowStartSecond=1", "History:RequestWindowEndSecond=59",
            "History:Session:FirstReplyTimeout=00:00:05", "History:Session:BetweenBatchesTimeout=00:00:01",
            "Ble:MaxBackoff=00:00:03",
            // Configured: real time, and adopting a discovered unit takes a minute of sightings.
            $"Devices:0:Mac={world.Units[0].Address}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => output.WriteLine("stderr: " + e.Data);
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.WriteLine(line);
                if (!killAfter(line))
                    continue;
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None);
                return line;
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail("The collector process did not reach the kill point within 60 s.");
        }

        Assert.Fail($"The collector process ended by itself (exit {process.ExitCode}).");
        return "";
    }
}
