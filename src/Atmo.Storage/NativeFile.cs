using System.Runtime.InteropServices;

namespace Atmo.Storage;

/// <summary>fsync of a file or folder by path (Linux and other Unix systems).</summary>
internal static partial class NativeFile
{
    private const int ReadOnly = 0;

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

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncFd(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
