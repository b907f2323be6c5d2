using Atmo.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests;

public sealed class StoreFileTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void MissingFolder_IsCreated()
    {
        Assert.True(File.Exists(_temp.Options.Path));
        Assert.Equal(Path.GetFullPath(_temp.Options.Path), _temp.Store.FilePath);
    }

    [Fact]
    public void SecondStoreOnTheSameFile_FailsWithAClearMessage()
    {
        StorageOpenException error = Assert.Throws<StorageOpenException>(() => _temp.Open());

        Assert.Contains("in use by another process", error.Message, StringComparison.Ordinal);
        Assert.Contains(_temp.Options.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderThatCannotBeCreated_FailsWithAClearMessage()
    {
        string file = Path.Combine(_temp.Folder, "a-file");
        File.WriteAllText(file, "not a folder");
        var options = new StorageOptions { Path = Path.Combine(file, "data", "atmo-edge.db") };

        StorageOpenException error = Assert.Throws<StorageOpenException>(() =>
            new LiteDbMinuteStore(options, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance));

        Assert.Contains("Cannot create the storage folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotADatabase_FailsWithAClearMessage()
    {
        string path = Path.Combine(_temp.Folder, "garbage.db");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 8192 * 2).Select(i => (byte)(i * 31))]);

        StorageOpenException error = Assert.Throws<StorageOpenException>(() =>
            new LiteDbMinuteStore(new StorageOptions { Path = path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance));

        Assert.Contains("Cannot open the database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseAfterDispose_Throws()
    {
        _temp.Store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _temp.Store.Write(History(0, 1)));
        Assert.Throws<ObjectDisposedException>(() => _temp.Store.GetStats(DeviceA));
    }
}
