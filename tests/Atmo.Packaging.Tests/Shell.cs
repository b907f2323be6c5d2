using System.Diagnostics;

namespace Atmo.Packaging.Tests;

/// <summary>Runs a command to its end and returns its exit code and its output (stdout, then stderr).</summary>
internal static class Shell
{
    public static (int ExitCode, string Output) Try(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs the command and fails the test, with its output, unless it exits with 0.</summary>
    public static string Run(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        (int exitCode, string output) = Try(file, args, environment);
        Assert.True(exitCode == 0, $"{file} {string.Join(' ', args)} exited with {exitCode}:\n{output}");
        return output;
    }

    public static string Run(string file, params string[] args) => Run(file, (IEnumerable<string>)args);

    public static bool IsRoot => Environment.UserName == "root";
}
