using System.Runtime.InteropServices;

namespace Atmo.Storage;

/// <summary>fsync of a file or folder by path, and whether a file may be written (Linux and other Unix systems).</summary>
internal static partial class NativeFile
{
    private const int ReadOnly = 0;
    private const int WriteAccess = 2; // W_OK

    /// <summary>The errno that says why <paramref name="path"/> cannot be written at the moment (access(2) with W_OK), or null when it can.</summary>
    public static int? WriteAccessError(string path)
    {
        if (OperatingSystem.IsWindows() || Access(path, WriteAccess) == 0)
            return null;
        return Marshal.GetLastPInvokeError();
    }

    /// <exception cref="IOException">The file could not be opened or synced.</exception>
    public static void Fsync(string path)
    {
        int fd = Open(path, ReadOnly);
        if (fd < 0)
            throw new IOException($"Cannot open '{path}' to sync it to disk (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (FsyncFd(fd) != 0)
                throw new IOException($"fsync of '{path}' failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncFd(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
