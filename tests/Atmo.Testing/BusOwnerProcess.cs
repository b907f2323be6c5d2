using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Atmo.Simulator.Bus;

namespace Atmo.Testing;

/// <summary>
/// A program that starts a private dbus-daemon (atmo-sim, atmo-edge-demo), run as a real child process
/// (<c>dotnet exec</c>) with a temporary folder of its own (<c>TMPDIR</c>): every folder it creates is in there, and
/// every process that names one (dbus-daemon, its keeper) can be found, so a test can tell that nothing it
/// started outlived it, whichever way it ended.
/// </summary>
public sealed class BusOwnerProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private BusOwnerProcess(Process process, string tempFolder)
    {
        Process = process;
        TempFolder = tempFolder;
    }

    public Process Process { get; }

    /// <summary>The child's <c>TMPDIR</c>, created for it.</summary>
    public string TempFolder { get; }

    /// <summary>What the child printed so far, stdout and stderr, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <param name="dll">Beside the tests, e.g. <c>atmo-sim.dll</c>.</param>
    public static BusOwnerProcess Start(string dll, params string[] arguments)
    {
        string path = Path.Combine(AppContext.BaseDirectory, dll);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{dll} is not beside the tests", path);
        // Short: the bus socket path inside must stay under the 108 bytes of a unix socket address.
        string tempFolder = Directory.CreateTempSubdirectory("atmo-owner-").FullName;
        // SIGINT as at a terminal: a test run started in the background ignores it, and its children would too.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(path);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["TMPDIR"] = tempFolder;
        var process = new Process { StartInfo = start };
        var owner = new BusOwnerProcess(process, tempFolder);
        process.OutputDataReceived += (_, e) => owner.Add(e.Data);
        process.ErrorDataReceived += (_, e) => owner.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return owner;
    }

    /// <summary>Waits until the child's private bus listens (its socket exists).</summary>
    public async Task WaitForBusAsync()
    {
        await Eventually.UntilAsync(
            () => Process.HasExited || BusFolders().Any(folder => File.Exists(Path.Combine(folder, "bus"))),
            "the private bus of the child", realSeconds: 60);
        if (Process.HasExited)
            throw new InvalidOperationException($"The child ended before its bus listened:\n{Output}");
    }

    /// <summary>Sends a signal the way a person or a service manager does (<c>kill -s NAME PID</c>).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-s", name, Process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <exception cref="TimeoutException">Still running after <paramref name="seconds"/>; the message has what it printed.</exception>
    public async Task<int> WaitForExitAsync(double seconds = 60)
    {
        try
        {
            await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The child still runs after {seconds} s. It printed:\n{Output}");
        }

        return Process.ExitCode;
    }

    /// <summary>The bus folders the child created (there may be none yet, or none left).</summary>
    public IReadOnlyList<string> BusFolders() => [.. Directory.EnumerateDirectories(TempFolder, PrivateDbusDaemon.FolderPrefix + "*")];

    /// <summary>What is left: bus folders in the child's TMPDIR and processes whose command line names it (dbus-daemon, its keeper).</summary>
    public IReadOnlyList<string> Leftovers()
    {
        var left = new List<string>(BusFolders());
        foreach (string proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == Environment.ProcessId)
                continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;   // gone meanwhile
            }

            if (commandLine.Contains(TempFolder, StringComparison.Ordinal))
                left.Add($"process {pid}: {commandLine}");
        }

        return left;
    }

    /// <summary>Throws unless nothing is left within <paramref name="seconds"/>.</summary>
    /// <exception cref="TimeoutException">Something is left: the message lists it, and what the child printed.</exception>
    public async Task AssertNothingLeftAsync(double seconds)
    {
        try
        {
            await Eventually.UntilAsync(() => Leftovers().Count == 0, "no dbus-daemon, keeper or bus folder left", seconds);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Left behind after {seconds} s:\n{string.Join('\n', Leftovers())}\nThe child printed:\n{Output}");
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
            Process.Kill(entireProcessTree: true);
        Process.Dispose();
        try
        {
            Directory.Delete(TempFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Add(string? line)
    {
        if (line is not null)
            _output.Enqueue(line);
    }
}
