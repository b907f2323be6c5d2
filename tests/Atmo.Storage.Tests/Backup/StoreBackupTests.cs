using Atmo.Core;
using Atmo.Storage.Backup;
using Atmo.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Storage.Tests.Backup;

/// <summary>Online backup: a consistent copy while the store is written to, in one process or through the snapshot stream.</summary>
public sealed class StoreBackupTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Target(string name = "backup.db") => Path.Combine(_temp.Folder, "backups", name);

    private LiteDbMinuteStore OpenBackup(string path) =>
        new(new StorageOptions { Path = path }, _temp.Time, NullLogger<LiteDbMinuteStore>.Instance);

    [Fact]
    public async Task A_backup_taken_while_batches_are_written_holds_every_minute_stored_before_it_started_and_is_consistent()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Target())!);
        int acknowledged = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (int batch = 0; !stop.IsCancellationRequested; batch++)
            {
                _temp.Store.Write([.. Minutes.History(batch * 10, 10), .. Minutes.History(batch * 10, 10, Minutes.DeviceB)]);
                Volatile.Write(ref acknowledged, batch + 1);
            }
        });
        while (Volatile.Read(ref acknowledged) < 50)
            await Task.Delay(10);

        int before = Volatile.Read(ref acknowledged);
        BackupSummary summary = StoreBackup.Create(_temp.Store, Target(), CancellationToken.None);
        await stop.CancelAsync();
        await writer;

        using LiteDbMinuteStore backup = OpenBackup(Target());
        foreach (MacAddress device in new[] { Minutes.DeviceA, Minutes.DeviceB })
        {
            IReadOnlyList<DateTime> stored = backup.StoredMinutes(device, DateTime.MinValue, DateTime.MaxValue);
            Assert.True(stored.Count >= before * 10, $"{device}: {stored.Count} minutes in the backup, {before * 10} were stored before it started");
            Assert.Equal(Enumerable.Range(0, stored.Count).Select(i => Minutes.Start.AddMinutes(i)), stored);
            // One commit's view: the statistics and the change feed agree with the minutes.
            Assert.Equal(stored.Count, backup.GetStats(device).History);
            Assert.Equal(stored, backup.ChangesAfter(0, int.MaxValue).Where(change => change.Device == device).SelectMany(change => change.Minutes));
        }

        Assert.Equal((2, backup.GetStats(Minutes.DeviceA).History * 2, new FileInfo(Target()).Length), (summary.Devices, summary.Minutes, summary.Bytes));
        Assert.False(File.Exists(Target() + ".partial"));
    }

    [Fact]
    public void The_snapshot_stream_carries_the_whole_database_from_the_daemon_to_the_command()
    {
        _temp.Store.Write([.. Minutes.History(0, 120), Minutes.At(0, MinuteSource.Cloud, device: Minutes.DeviceB) with { Latitude = 36.17102679826757 }]);
        _temp.Store.SaveCursor("mqtt", 1);
        _temp.Store.Write([Minutes.At(1, MinuteSource.Live, device: Minutes.DeviceB)]);
        Directory.CreateDirectory(Path.GetDirectoryName(Target())!);
        using var stream = new MemoryStream();

        StoreBackup.WriteSnapshot(_temp.Store, stream, CancellationToken.None);
        stream.Position = 0;
        BackupSummary summary = StoreBackup.CreateFromSnapshot(stream, Target(), CancellationToken.None);

        using LiteDbMinuteStore backup = OpenBackup(Target());
        foreach (MacAddress device in new[] { Minutes.DeviceA, Minutes.DeviceB })
        {
            Assert.Equal(_temp.Store.Query(new MinuteQuery(device, DateTime.MinValue, DateTime.MaxValue)).Items, backup.Query(new MinuteQuery(device, DateTime.MinValue, DateTime.MaxValue)).Items);
            Assert.Equal(_temp.Store.GetStats(device), backup.GetStats(device));
        }

        Assert.Equal(1, backup.LoadCursor("mqtt"));
        Assert.Equal(_temp.Store.LastSequence, backup.LastSequence);
        Assert.Equal(122, summary.Minutes);
    }

    [Fact]
    public void A_backup_never_overwrites_and_a_cut_snapshot_leaves_no_file()
    {
        _temp.Store.Write(Minutes.History(0, 60));
        Directory.CreateDirectory(Path.GetDirectoryName(Target())!);
        File.WriteAllText(Target("taken.db"), "precious");

        IOException exists = Assert.Throws<IOException>(() => StoreBackup.Create(_temp.Store, Target("taken.db"), CancellationToken.None));
        Assert.Contains("exists already", exists.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(Target("taken.db")));

        using var stream = new MemoryStream();
        StoreBackup.WriteSnapshot(_temp.Store, stream, CancellationToken.None);
        using var cut = new MemoryStream(stream.ToArray()[..(int)(stream.Length / 2)]);
        IOException stopped = Assert.Throws<IOException>(() => StoreBackup.CreateFromSnapshot(cut, Target(), CancellationToken.None));
        Assert.Contains("stopped sending", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(["taken.db"], Directory.GetFiles(Path.GetDirectoryName(Target())!).Select(Path.GetFileName));
    }
}
