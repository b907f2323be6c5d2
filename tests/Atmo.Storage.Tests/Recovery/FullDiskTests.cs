using Atmo.Core;
using Atmo.Core.TimeBase;
using Atmo.Storage.Tests.Support;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Storage.Tests.Recovery;

/// <summary>
/// The store on a real, small file system (a 4 MB tmpfs) filled up: commits fail and say why, reads go on, writes
/// from other threads fail at once instead of waiting for a lock, and once space is freed the store commits again
/// without being reopened by anyone, with every acknowledged minute there. Two ways to fail: a disk already full
/// (refused before LiteDB sees the batch) and a commit that fills it half way (LiteDB's failed transaction).
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private static readonly MacAddress Device = Minutes.DeviceA;
    private readonly SmallFileSystem _disk = new(4 * 1024 * 1024);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<LiteDbMinuteStore> _logger = new();
    private readonly StorageOptions _options;

    public FullDiskTests() => _options = new StorageOptions { Path = Path.Combine(_disk.Folder, "atmo-edge.db") };

    public void Dispose() => _disk.Dispose();

    private LiteDbMinuteStore Open() => new(_options, _time, _logger);

    /// <summary>Writes hours of history until the disk refuses; returns the acknowledged minutes.</summary>
    private static List<MinuteRecord> WriteUntilFull(LiteDbMinuteStore store, SmallFileSystem disk, ref int minute)
    {
        var acknowledged = new List<MinuteRecord>();
        for (int hour = 0; hour < 3; hour++, minute += 60)
        {
            List<MinuteRecord> batch = Minutes.History(minute, 60, Device, seed: hour);
            store.Write(batch);
            acknowledged.AddRange(batch);
        }

        disk.Fill();
        return acknowledged;
    }

    [Fact]
    public async Task A_full_disk_fails_commits_with_the_reason_serves_reads_and_recovers_once_space_is_freed()
    {
        int minute = 0;
        using LiteDbMinuteStore store = Open();
        List<MinuteRecord> acknowledged = WriteUntilFull(store, _disk, ref minute);

        StorageWriteException failure = Assert.Throws<StorageWriteException>(() => store.Write(Minutes.History(minute, 60, Device, seed: 7)));
        Assert.Contains("the disk is full", failure.Message, StringComparison.Ordinal);
        Assert.False(store.Condition.Writable);
        Assert.StartsWith("the disk is full (0 KiB free", store.Condition.Failure, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow(), store.Condition.FailingSince);
        // Reads go on while writes fail.
        Assert.Equal(acknowledged, store.Query(new MinuteQuery(Device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items);
        // Another thread's write fails at once too: no failed transaction holds a lock for LiteDB's 60 s timeout.
        Task<Exception> other = Task.Run(() => Record.Exception(() => store.Write(Minutes.History(minute + 60, 60, Device, seed: 8))));
        Assert.IsType<StorageWriteException>(await other.WaitAsync(TimeSpan.FromSeconds(20)));

        _disk.Free();
        List<MinuteRecord> after = Minutes.History(minute, 60, Device, seed: 9);
        Assert.Equal(60, store.Write(after).Inserted);
        Assert.True(store.Condition.Writable);
        Assert.Single(_logger.Collector.GetSnapshot(), record => record.Message.Contains("commits again", StringComparison.Ordinal));

        store.Dispose();
        using LiteDbMinuteStore reopened = Open();
        Assert.Equal([.. acknowledged, .. after], reopened.Query(new MinuteQuery(Device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items);
        Assert.Equal(acknowledged.Count + after.Count, reopened.GetStats(Device).History);
    }

    [Fact]
    public async Task A_commit_that_fills_the_disk_half_way_is_undone_and_the_store_recovers()
    {
        int minute = 0;
        using LiteDbMinuteStore store = Open();
        List<MinuteRecord> acknowledged = WriteUntilFull(store, _disk, ref minute);
        _disk.Release(LiteDbMinuteStore.CommitReserveBytes + 256 * 1024);
        // Thirty days of minutes (≈ 2 MB of pages): more than is free, so LiteDB runs out in the middle of its commit.
        List<MinuteRecord> big = Minutes.History(minute, 43_200, Device, seed: 3);

        StorageWriteException failure = Assert.Throws<StorageWriteException>(() => store.Write(big));

        Assert.Contains("No space left on device", failure.Message, StringComparison.Ordinal);
        Assert.Contains("No space left on device", store.Condition.Failure, StringComparison.Ordinal);
        Assert.Equal(acknowledged, store.Query(new MinuteQuery(Device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items);
        Task<Exception> other = Task.Run(() => Record.Exception(() => store.Write(Minutes.History(minute, 60, Device, seed: 8))));
        Assert.IsType<StorageWriteException>(await other.WaitAsync(TimeSpan.FromSeconds(20)));

        _disk.Free();
        List<MinuteRecord> after = Minutes.History(minute, 60, Device, seed: 9);
        Assert.Equal(60, store.Write(after).Inserted);
        Assert.True(store.Condition.Writable);
        store.Dispose();
        // LiteDB's failed transaction neither keeps a file open nor ends the process from its finalizer.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Empty(OpenFilesIn(_disk.Folder));
        using LiteDbMinuteStore reopened = Open();
        Assert.Equal([.. acknowledged, .. after], reopened.Query(new MinuteQuery(Device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items);
    }

    [Fact]
    public void The_quarantine_the_marks_and_the_clock_evidence_fail_and_recover_with_the_store_on_its_new_connection()
    {
        int minute = 0;
        using LiteDbMinuteStore store = Open();
        WriteUntilFull(store, _disk, ref minute);
        _disk.Release(LiteDbMinuteStore.CommitReserveBytes + 256 * 1024);
        // A commit that fails half way: the store throws its LiteDB engine away and opens a new one.
        Assert.Throws<StorageWriteException>(() => store.Write(Minutes.History(minute, 43_200, Device, seed: 3)));
        DateTimeOffset now = _time.GetUtcNow();
        MinuteRecord ahead = new() { Device = Device, Time = new DateTime(2027, 6, 1, 0, 0, 0, DateTimeKind.Utc), Source = MinuteSource.History, Pm25 = 3 };
        var batch = new QuarantinedBatch(0, Device, now, now, now.AddDays(1), [ahead], "a day ahead");

        Assert.Empty(store.List());                                               // read on the new connection
        Assert.Throws<StorageWriteException>(() => store.Add(batch));
        Assert.Throws<StorageWriteException>(() => store.AddMark(new ReanchorMark(Device, now, TimeSpan.FromDays(-1), ahead.Time, ahead.Time, 1, "collector")));
        store.ObserveSaneClock(now);                                              // best effort: kept in memory, no throw
        Assert.Equal(now, store.LatestSaneClock);
        Assert.False(store.Condition.Writable);

        _disk.Free();
        Assert.True(store.Add(batch).Kept);
        store.AddMark(new ReanchorMark(Device, now, TimeSpan.FromDays(-1), ahead.Time, ahead.Time, 1, "collector"));
        store.ObserveSaneClock(now.AddHours(1));
        Assert.True(store.Condition.Writable);

        store.Dispose();
        using LiteDbMinuteStore reopened = Open();
        Assert.Equal([ahead], Assert.Single(reopened.List(Device)).Records);
        Assert.Single(reopened.Marks(Device));
        Assert.Equal(now.AddHours(1), reopened.LatestSaneClock);
    }

    /// <summary>Files under <paramref name="folder"/> this process has open.</summary>
    private static List<string> OpenFilesIn(string folder) =>
        [.. Directory.GetFiles("/proc/self/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target is not null && target.StartsWith(folder, StringComparison.Ordinal))
            .Select(target => target!)];

    [Fact]
    public async Task With_no_write_due_the_store_recovers_by_itself_once_space_is_freed()
    {
        int minute = 0;
        using LiteDbMinuteStore store = Open();
        List<MinuteRecord> acknowledged = WriteUntilFull(store, _disk, ref minute);
        Assert.Throws<StorageWriteException>(() => store.Write(Minutes.History(minute, 60, Device)));

        // While the disk stays full, the store's own retries fail too.
        _time.Advance(LiteDbMinuteStore.RecoveryInterval);
        Assert.False(store.TryRecover());
        Assert.False(store.Condition.Writable);

        _disk.Free();
        _time.Advance(LiteDbMinuteStore.RecoveryInterval); // its retry timer, nothing else
        await Eventually.UntilAsync(() => store.Condition.Writable, "the store recovering by itself");

        Assert.NotNull(store.Condition.LastCommit);
        Assert.Equal(acknowledged, store.Query(new MinuteQuery(Device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items);
    }

    [Fact]
    public void A_change_feed_entry_and_a_cursor_are_not_half_written_by_a_failed_commit()
    {
        int minute = 0;
        using LiteDbMinuteStore store = Open();
        WriteUntilFull(store, _disk, ref minute);
        long sequence = store.LastSequence;
        store.SaveCursor("test", sequence);

        Assert.Throws<StorageWriteException>(() => store.Write(Minutes.History(minute, 60, Device)));
        Assert.Equal(sequence, store.LastSequence);

        _disk.Free();
        store.Write(Minutes.History(minute, 60, Device));
        store.Dispose();
        using LiteDbMinuteStore reopened = Open();
        Assert.Equal(sequence + 1, reopened.LastSequence);
        Assert.Equal(sequence, reopened.LoadCursor("test"));
        Assert.Equal(60, Assert.Single(reopened.ChangesAfter(sequence, 10)).Minutes.Count);
    }
}
