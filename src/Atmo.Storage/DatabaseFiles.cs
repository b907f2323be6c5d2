namespace Atmo.Storage;

/// <summary>The files of one LiteDB database: the data file and, beside it, its log (write-ahead) file.</summary>
public static class DatabaseFiles
{
    /// <summary>LiteDB's log file: <c>name-log.ext</c> next to the data file <c>name.ext</c>.</summary>
    public static string LogFileOf(string dataFile) =>
        Path.Combine(
            Path.GetDirectoryName(Path.GetFullPath(dataFile))!,
            Path.GetFileNameWithoutExtension(dataFile) + "-log" + Path.GetExtension(dataFile));

    /// <summary>Bytes of the data file plus its log file (a missing file counts 0).</summary>
    public static long SizeOf(string dataFile) => Length(dataFile) + Length(LogFileOf(dataFile));

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
