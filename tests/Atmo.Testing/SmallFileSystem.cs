using System.Diagnostics;
using System.Globalization;

namespace Atmo.Testing;

/// <summary>
/// A real, deliberately small file system: a size-limited tmpfs mounted on a fresh temporary folder, to fill it
/// and see what a full disk does. Needs root (CI and the development machine run tests as root); without it the
/// constructor fails with the reason, it never skips. Unmounted and deleted on dispose, whatever happened.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private readonly string _filler;

    public SmallFileSystem(long bytes)
    {
        Folder = Directory.CreateTempSubdirectory("atmo-tmpfs-").FullName;
        string size = bytes.ToString(CultureInfo.InvariantCulture);
        if (Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", Folder) is { } error)
        {
            Directory.Delete(Folder);
            throw new InvalidOperationException($"Cannot mount a {bytes}-byte tmpfs on {Folder} (the full-disk tests need root): {error}");
        }

        _filler = Path.Combine(Folder, "filler");
    }

    /// <summary>The mount point.</summary>
    public string Folder { get; }

    /// <summary>Writes a file until the file system has no byte left.</summary>
    public void Fill()
    {
        using var stream = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, 1);
        byte[] chunk = new byte[4096];
        for (int size = chunk.Length; size > 0; size /= 2)
        {
            try
            {
                while (true)
                    stream.Write(chunk, 0, size);
            }
            catch (IOException)
            {
                // Full at this chunk size: try smaller ones until not one byte fits.
            }
        }
    }

    /// <summary>Deletes what <see cref="Fill"/> wrote.</summary>
    public void Free() => File.Delete(_filler);

    /// <summary>Frees <paramref name="bytes"/> of what <see cref="Fill"/> wrote.</summary>
    public void Release(long bytes)
    {
        using var stream = new FileStream(_filler, FileMode.Open, FileAccess.Write);
        stream.SetLength(Math.Max(0, stream.Length - bytes));
    }

    public void Dispose()
    {
        for (int attempt = 0; attempt < 10 && Run("umount", Folder) is not null; attempt++)
            Thread.Sleep(100); // a child process may hold a file for a moment after it was killed
        // Still busy (a file this process keeps open): detach it now; the kernel frees it when the file is closed.
        if (Run("mountpoint", "-q", Folder) is null)
            Run("umount", "-l", Folder);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <returns>Null when the command succeeded, else its error output.</returns>
    private static string? Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"{command} exited with {process.ExitCode}: {error.Trim()}";
    }
}
