using System.Diagnostics;

namespace Atmo.EndToEnd.Tests;

/// <summary>
/// The real <c>atmo-edge</c> daemon as a child process (<c>dotnet exec atmo-edge.dll</c>): started, killed with
/// SIGKILL, or stopped with SIGTERM. Every output line goes to a log file and to <see cref="LineWritten"/>.
/// </summary>
internal sealed class GatewayProcess : IDisposable
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
        Assert.True(File.Exists(gateway), $"atmo-edge.dll missing beside the tests: {gateway}");
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
        Assert.True(process.Start(), "atmo-edge did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gatewayProcess;
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
            Assert.Fail($"atmo-edge (pid {_process.Id}) did not exit within {timeout.TotalSeconds} s.");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
    }
}
