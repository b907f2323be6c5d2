using System.Diagnostics;

namespace Atmo.Footprint;

/// <summary>A <c>dotnet exec</c> child whose output goes to a log file; stopped with SIGTERM (graceful), then SIGKILL.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Action<string>? _onLine;

    private ChildProcess(Process process, StreamWriter log, Action<string>? onLine)
    {
        _process = process;
        _log = log;
        _onLine = onLine;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="onLine">Sees every output line (stdout and stderr), on a thread-pool thread.</param>
    public static ChildProcess Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logFile, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        foreach ((string key, string value) in environment)
            info.Environment[key] = value;
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, log, onLine);
        process.OutputDataReceived += (_, e) => child.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM, so the process shuts down as under systemd; SIGKILL after <paramref name="patience"/>.</summary>
    /// <returns>True when it ended by itself within the patience.</returns>
    public async Task<bool> StopAsync(TimeSpan patience)
    {
        if (_process.HasExited)
            return true;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
        lock (_log)
            _log.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.WriteLine(line);
        _onLine?.Invoke(line);
    }
}
