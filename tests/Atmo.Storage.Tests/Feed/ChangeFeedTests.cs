using Atmo.Core;
using Atmo.Storage.Tests.Support;

namespace Atmo.Storage.Tests.Feed;

/// <summary>The change feed: which minutes each commit inserted or replaced, numbered in commit order, with consumers' cursors in the same file.</summary>
public sealed class ChangeFeedTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    private LiteDbMinuteStore Store => _temp.Store;

    private static List<DateTime> Times(int first, int count) => [.. Enumerable.Range(first, count).Select(i => Minutes.Start.AddMinutes(i))];

    [Fact]
    public void Each_write_records_one_entry_per_device_and_day_with_the_minutes_it_inserted_or_replaced()
    {
        Store.Write([.. Minutes.History(0, 3), .. Minutes.History(0, 2, Minutes.DeviceB)]);
        Store.Write([Minutes.At(5, MinuteSource.Live)]);
        Store.Write([Minutes.At(5, MinuteSource.History, voc: 2)]);          // history replaces live

        IReadOnlyList<MinuteChange> changes = Store.ChangesAfter(0, 100);

        Assert.Equal([1L, 2, 3, 4], changes.Select(change => change.Sequence));
        Assert.Equal(4, Store.LastSequence);
        Assert.Equal([Minutes.DeviceA, Minutes.DeviceB, Minutes.DeviceA, Minutes.DeviceA], changes.Select(change => change.Device));
        Assert.Equal(Times(0, 3), changes[0].Minutes);
        Assert.Equal(Times(0, 2), changes[1].Minutes);
        Assert.Equal(Times(5, 1), changes[2].Minutes);
        Assert.Equal(Times(5, 1), changes[3].Minutes);
        Assert.Equal(_temp.Time.GetUtcNow(), changes[3].Committed);
    }

    [Fact]
    public void Writes_that_change_no_minute_record_no_entry()
    {
        Store.Write(Minutes.History(0, 3));
        Store.Write(Minutes.History(0, 3));                                    // identical again
        Store.Write([Minutes.At(1, MinuteSource.Live)]);                       // outranked by history
        Store.Write([Minutes.At(2, MinuteSource.Cloud, voc: 9)]);              // a disagreement: counted, kept

        Assert.Equal(1, Store.LastSequence);
        Assert.Equal(1, Store.GetStats(Minutes.DeviceA).Disagreements);
    }

    [Fact]
    public void A_batch_across_midnight_gives_one_entry_per_UTC_day()
    {
        DateTime beforeMidnight = new(2026, 11, 20, 23, 58, 0, DateTimeKind.Utc);
        Store.Write([.. Enumerable.Range(0, 4).Select(i => Minutes.At(beforeMidnight.AddMinutes(i), MinuteSource.History))]);

        IReadOnlyList<MinuteChange> changes = Store.ChangesAfter(0, 10);

        Assert.Equal([beforeMidnight, beforeMidnight.AddMinutes(1)], changes[0].Minutes);
        Assert.Equal([beforeMidnight.AddMinutes(2), beforeMidnight.AddMinutes(3)], changes[1].Minutes);
    }

    [Fact]
    public void Changes_come_after_a_sequence_in_order_and_up_to_a_limit_and_read_as_the_current_records()
    {
        for (int i = 0; i < 5; i++)
            Store.Write([Minutes.At(i, MinuteSource.Live, voc: i)]);
        Store.Write([Minutes.At(3, MinuteSource.History, voc: 30)]);
        Store.DeleteOlderThan(Minutes.Start.AddMinutes(1));

        IReadOnlyList<MinuteChange> page = Store.ChangesAfter(2, 2);

        Assert.Equal([3L, 4], page.Select(change => change.Sequence));
        Assert.Empty(Store.ChangesAfter(6, 10));
        MinuteRecord current = Assert.Single(Store.ReadMinutes(page[1]));   // minute 3: history since
        Assert.Equal((MinuteSource.History, 30.0), (current.Source, current.Voc));
        Assert.Empty(Store.ReadMinutes(Store.ChangesAfter(0, 1)[0]));        // minute 0: deleted by retention
    }

    [Fact]
    public void A_cursor_rides_along_with_the_next_commit_and_is_written_at_close()
    {
        Store.Write(Minutes.History(0, 3));
        Store.SaveCursor("mqtt", 1);
        Assert.Equal(1, Store.LoadCursor("mqtt"));
        using (LiteDbMinuteStore copy = AfterCrash())
            Assert.Equal(0, copy.LoadCursor("mqtt"));                           // saved, not written yet: a crash now loses it

        Store.Write(Minutes.History(3, 3));                                     // the cursor goes with it
        using (LiteDbMinuteStore copy = AfterCrash())
            Assert.Equal(1, copy.LoadCursor("mqtt"));

        Store.SaveCursor("mqtt", 2);
        Assert.Equal(2, _temp.Reopen().LoadCursor("mqtt"));                    // written when the store closed
        Assert.Equal(0, Store.LoadCursor("other"));
    }

    [Fact]
    public void A_cursor_must_name_a_sequence_the_feed_has()
    {
        Store.Write(Minutes.History(0, 3));

        Assert.Throws<ArgumentException>(() => Store.SaveCursor("mqtt", 2));
        Assert.Throws<ArgumentException>(() => Store.SaveCursor("mqtt", -1));
        Assert.Throws<ArgumentException>(() => Store.SaveCursor(" ", 1));
        Assert.Throws<ArgumentException>(() => Store.SaveCursor(new string('x', LiteDbMinuteStore.MaxCursorNameLength + 1), 1));
    }

    [Fact]
    public void Entries_every_cursor_passed_go_after_ChangeFeedDays_and_the_others_after_ten_times_that()
    {
        for (int day = 0; day < 3; day++)
        {
            Store.Write([Minutes.At(day * 1440, MinuteSource.History)]);
            _temp.Time.Advance(TimeSpan.FromDays(1));
        }

        Store.SaveCursor("slow", 1);
        _temp.Time.Advance(TimeSpan.FromDays(7));
        Store.Write([Minutes.At(10 * 1440, MinuteSource.History)]);            // the daily prune runs after a commit
        Assert.Equal([2L, 3, 4], Store.ChangesAfter(0, 10).Select(change => change.Sequence));

        _temp.Time.Advance(TimeSpan.FromDays(71));
        Store.Write([Minutes.At(90 * 1440, MinuteSource.History)]);
        Assert.Equal([5L], Store.ChangesAfter(0, 10).Select(change => change.Sequence));  // the newest always stays
        Assert.Equal(5, _temp.Reopen().LastSequence);
    }

    /// <summary>A copy of the open store's files, opened: what a start after a SIGKILL at this moment finds.</summary>
    private LiteDbMinuteStore AfterCrash()
    {
        string copy = Path.Combine(_temp.Folder, "crash-" + Guid.NewGuid().ToString("N"), "atmo-edge.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(_temp.Options.Path, copy);
        if (File.Exists(DatabaseFiles.LogFileOf(_temp.Options.Path)))
            File.Copy(DatabaseFiles.LogFileOf(_temp.Options.Path), DatabaseFiles.LogFileOf(copy));
        return new LiteDbMinuteStore(new StorageOptions { Path = copy }, _temp.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<LiteDbMinuteStore>.Instance);
    }
}
