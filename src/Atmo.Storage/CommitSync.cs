using LiteDB;

namespace Atmo.Storage;

/// <summary>
/// Makes a LiteDB commit durable. LiteDB 5.0.21 writes a transaction's pages into the log file
/// with plain <c>Stream.Write</c> and never flushes the log on commit (it fsyncs only the data
/// file, at checkpoint): a commit survives a killed process but not a power cut.
/// </summary>
internal sealed class CommitSync(LiteDatabase database, string dataFile, CommitDurability durability)
{
    private readonly string _logFile = DatabaseFiles.LogFileOf(dataFile);
    private readonly string _folder = Path.GetDirectoryName(Path.GetFullPath(dataFile))!;
    private bool _folderSynced;

    /// <summary>
    /// A backup's read transaction is open: a LiteDB checkpoint would wait for it (up to LiteDB's 60 s lock
    /// timeout), so <see cref="CommitDurability.CheckpointEachCommit"/> fsyncs the log meanwhile.
    /// </summary>
    public volatile bool SnapshotOpen;

    public void AfterCommit()
    {
        switch (durability)
        {
            case CommitDurability.FsyncLog or CommitDurability.CheckpointEachCommit when SnapshotOpen && !OperatingSystem.IsWindows():
            case CommitDurability.FsyncLog when !OperatingSystem.IsWindows():
                // The log may have been emptied by an automatic checkpoint; it still exists then.
                if (File.Exists(_logFile))
                    NativeFile.Fsync(_logFile);
                if (!_folderSynced)
                {
                    // The log file is (re)created by the first write after opening: its name must
                    // reach the disk too, or a power cut could lose the whole file.
                    NativeFile.Fsync(_folder);
                    _folderSynced = true;
                }

                break;
            case CommitDurability.FsyncLog:
            case CommitDurability.CheckpointEachCommit:
                database.Checkpoint();
                break;
            case CommitDurability.ProcessCrashOnly:
                break;
            default:
                throw new InvalidOperationException($"Unknown durability {durability}.");
        }
    }
}
