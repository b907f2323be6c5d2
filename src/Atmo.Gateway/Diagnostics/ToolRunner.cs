using System.ComponentModel;
using System.Diagnostics;

namespace Atmo.Gateway.Diagnostics;

/// <summary>Runs a system tool for the report; a missing or hanging tool is a line of text, never a crash.</summary>
public static class ToolRunner
{
    public static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        try
        {
            using Process process = Process.Start(start) ?? throw new Win32Exception();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return "timed out";
            }

            string text = (output.Result + error.Result).Trim();
            return text.Length == 0 ? $"(no output, exit code {process.ExitCode})" : text;
        }
        catch (Win32Exception)
        {
            return "not found";
        }
    }
}
