using System.Diagnostics;
using System.Text;

namespace Atmo.Storage.Tests.Support;

/// <summary>The crash tests' child process (Atmo.Storage.CrashWriter), its output read line by line, killed with SIGKILL.</summary>
public sealed class CrashWriterProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private CrashWriterProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
                _errors.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
    }

    public static CrashWriterProcess Start(params string[] arguments)
    {
        string writer = Path.Combine(AppContext.BaseDirectory, "Atmo.Storage.CrashWriter.dll");
        Assert.True(File.Exists(writer), $"crash writer missing: {writer}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(writer);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return new CrashWriterProcess(Process.Start(start)!);
    }

    /// <summary>What the child wrote on stderr (an exception, if it failed).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
                return _errors.ToString();
        }
    }

    /// <summary>The next line of its output, or null once it ended.</summary>
    public string? ReadLine() => _process.StandardOutput.ReadLine();

    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Waits for it to end by itself; its exit code.</summary>
    public int WaitForExit()
    {
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
    }
}
