using Atmo.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests;

public sealed class CommitSyncTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FsyncLog_SyncsTheLogFileLiteDbReallyWrites()
    {
        string log = DatabaseFiles.LogFileOf(_temp.Options.Path);

        _temp.Store.Write(History(0, 10));

        Assert.Equal(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_temp.Options.Path))!, "atmo-edge-log.db"), log);
        Assert.True(new FileInfo(log).Length > 0, "the commit should be in LiteDB's log file, which is the file we fsync");
    }

    [Fact]
    public void CheckpointEachCommit_MovesEveryCommitIntoTheDataFile()
    {
        _temp.Store.Dispose();
        var options = new StorageOptions { Path = _temp.Options.Path, Durability = CommitDurability.CheckpointEachCommit };
        using var store = new LiteDbMinuteStore(options, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);

        store.Write(History(0, 10));

        string log = DatabaseFiles.LogFileOf(options.Path);
        Assert.True(!File.Exists(log) || new FileInfo(log).Length == 0, "the log should be empty after a checkpoint");
        Assert.Equal(10, store.GetStats(DeviceA).History);
    }

    [Fact]
    public void NativeFsync_WorksOnFilesAndFolders_AndFailsLoudlyOnAMissingFile()
    {
        NativeFile.Fsync(_temp.Options.Path);
        NativeFile.Fsync(_temp.Folder);

        IOException error = Assert.Throws<IOException>(() => NativeFile.Fsync(Path.Combine(_temp.Folder, "missing")));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }
}
