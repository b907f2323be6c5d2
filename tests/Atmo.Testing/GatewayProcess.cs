using System.Diagnostics;

namespace Atmo.Testing;

/// <summary>
/// The real <c>atmo-edge</c> daemon as a child process (<c>dotnet exec atmo-edge.dll</c>): started, killed with
/// SIGKILL, or stopped with SIGTERM. Every output line goes to a log file and to <see cref="LineWritten"/>.
/// </summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process) => _process = process;

    /// <summary>Called for every output line, on a thread-pool thread.</summary>
    public event Action<string>? LineWritten;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="environment">Variables added to this process's environment.</param>
    public static GatewayProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TextWriter log)
    {
        string gateway = Path.Combine(AppContext.BaseDirectory, "atmo-edge.dll");
        if (!File.Exists(gateway))
            throw new FileNotFoundException($"atmo-edge.dll missing beside the tests: {gateway}", gateway);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(gateway);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach ((string name, string value) in environment)
            start.Environment[name] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var gatewayProcess = new GatewayProcess(process);
        void OnLine(string? line)
        {
            if (line is null)
                return;
            lock (log)
                log.WriteLine(line);
            gatewayProcess.LineWritten?.Invoke(line);
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data is null ? null : "stderr: " + e.Data);
        process.Exited += (_, _) => gatewayProcess._exited.TrySetResult();
        if (!process.Start())
            throw new InvalidOperationException("atmo-edge did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gatewayProcess;
    }

    /// <summary>
    /// Hourly history and the daemon's timeouts as device time stretched by <paramref name="speed"/>, so that on an
    /// accelerated clock they still give the real process enough wall-clock time.
    /// </summary>
    public static IEnumerable<string> AcceleratedTimings(double speed)
    {
        string Real(double seconds) => TimeSpan.FromSeconds(seconds * speed).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            "--History:IntervalMinutes=60",
            // HST early in its minute: at this speed a few milliseconds of D-Bus latency are tens of device seconds.
            "--History:RequestWindowStartSecond=5",
            "--History:RequestWindowEndSecond=20",
            $"--History:Session:FirstReplyTimeout={Real(3)}",
            $"--History:Session:BetweenBatchesTimeout={Real(0.5)}",
            $"--History:Session:BetweenPacketsTimeout={Real(2)}",
            $"--Ble:Central:ScanBeforeConnectTimeout={Real(3)}",
            $"--Ble:Central:ServicesResolvedTimeout={Real(3)}",
            $"--Ble:Central:RetryDelay={Real(0.2)}",
            $"--Ble:Central:DiscoveryRestartInterval={Real(20)}",
            $"--Ble:WatchdogSilence={Real(3)}",
            $"--Ble:WatchdogInterval={Real(0.5)}",
            $"--Ble:AbsenceThreshold={Real(4)}",
            $"--Ble:MaxConnectionHold={Real(10)}",
            $"--Ble:MaxBackoff={Real(3)}",
            $"--Ble:RestartDiscoveryEvery={Real(3)}",
            $"--Ble:RemoveDevicesEvery={Real(10)}",
            $"--Ble:PowerCycleEvery={Real(20)}",
        ];
    }

    /// <summary>SIGKILL: no shutdown code runs, like a power cut of the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM, as systemd stops the service; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        await WaitForExitAsync(timeout);
        return _process.ExitCode;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
            await _process.WaitForExitAsync(); // drains the output
        }
        catch (TimeoutException)
        {
            _process.Kill();
            throw new TimeoutException($"atmo-edge (pid {_process.Id}) did not exit within {timeout.TotalSeconds} s.");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
    }
}
