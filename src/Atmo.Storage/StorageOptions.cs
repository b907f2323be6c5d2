namespace Atmo.Storage;

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Entries no cursor has passed are kept this many times <see cref="ChangeFeedDays"/>.</summary>
    public const int ChangeFeedHardLimitFactor = 10;

    /// <summary>
    /// Path of the LiteDB database file. Default <c>data/atmo-edge.db</c> relative to the working
    /// directory; the installed service sets <c>/var/lib/atmo-edge/atmo-edge.db</c>. The folder is
    /// created when missing. LiteDB keeps its write-ahead log next to it (<c>atmo-edge-log.db</c>);
    /// never delete that file: it can hold committed data.
    /// </summary>
    public string Path { get; set; } = "data/atmo-edge.db";

    /// <summary>Days of minutes to keep; 0 keeps everything forever. Default 0.</summary>
    public int RetentionDays { get; set; }

    /// <summary>How commits are made durable. Default <see cref="CommitDurability.FsyncLog"/>.</summary>
    public CommitDurability Durability { get; set; } = CommitDurability.FsyncLog;

    /// <summary>
    /// Days the change feed keeps an entry that every consumer's cursor has passed (1…3650); entries no cursor
    /// has passed are kept <see cref="ChangeFeedHardLimitFactor"/> times as long. Default 7.
    /// </summary>
    public int ChangeFeedDays { get; set; } = 7;
}
