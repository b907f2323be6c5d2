namespace Atmo.Storage;

/// <summary>The files of one LiteDB database: the data file and, beside it, its log (write-ahead) file.</summary>
public static class DatabaseFiles
{
    /// <summary>LiteDB's page size: both files are whole pages.</summary>
    public const int PageSize = 8192;

    /// <summary>LiteDB's log file: <c>name-log.ext</c> next to the data file <c>name.ext</c>.</summary>
    public static string LogFileOf(string dataFile) =>
        Path.Combine(
            Path.GetDirectoryName(Path.GetFullPath(dataFile))!,
            Path.GetFileNameWithoutExtension(dataFile) + "-log" + Path.GetExtension(dataFile));

    /// <summary>Bytes of the data file plus its log file (a missing file counts 0).</summary>
    public static long SizeOf(string dataFile) => Length(dataFile) + Length(LogFileOf(dataFile));

    /// <summary>
    /// Cuts a partly written page off the end of the data and log files (a write that hit a full disk). Only
    /// for a closed database: the part belongs to a commit or checkpoint that failed, whose pages LiteDB
    /// ignores (no commit mark) or writes again (the log keeps them until a checkpoint completes).
    /// </summary>
    internal static void TrimPartialPages(string dataFile)
    {
        foreach (string file in new[] { dataFile, LogFileOf(dataFile) })
        {
            try
            {
                if (!File.Exists(file))
                    continue;
                using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                long partial = stream.Length % PageSize;
                if (partial != 0)
                    stream.SetLength(stream.Length - partial);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A read-only file system: nothing was written there either; opening read-only still works.
            }
        }
    }

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
