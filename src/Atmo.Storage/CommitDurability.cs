namespace Atmo.Storage;

/// <summary>How a committed write is made to survive a power cut (see docs/readme-storage.md).</summary>
public enum CommitDurability
{
    /// <summary>
    /// After each commit the LiteDB log file is fsynced (and its folder, the first time). Pages
    /// are written once to the log and copied to the data file by LiteDB's own checkpoint every
    /// 1,000 pages. The default.
    /// </summary>
    FsyncLog = 0,

    /// <summary>
    /// After each commit LiteDB checkpoints: the log is copied into the data file, which LiteDB
    /// fsyncs. Durable too, but every page is written twice and readers wait for the copy.
    /// </summary>
    CheckpointEachCommit = 1,

    /// <summary>
    /// LiteDB's own behaviour: the commit is in the operating system's cache, so it survives the
    /// process being killed but not a power cut. Only for bulk imports and benchmarks.
    /// </summary>
    ProcessCrashOnly = 2,
}
