using Atmo.Core;
using Atmo.Storage.Tests.Support;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests;

/// <summary><see cref="LiteDbMinuteStore.StreamQuery"/>: the same page as Query, decoded while enumerated, from one consistent read.</summary>
public sealed class LiteDbMinuteStoreStreamTests : IDisposable
{
    private readonly TempStore _temp = new();

    public LiteDbMinuteStoreStreamTests()
    {
        // Device A: minutes 0..179 (three hours) except 60..69, then a day later one more hour.
        _temp.Store.Write(Written);
    }

    public void Dispose() => _temp.Dispose();

    public static TheoryData<SortOrder, int, int?, int, int> Pages => new()
    {
        // order, offset, limit, range from, range to (minutes after Start)
        { SortOrder.Ascending, 0, null, 0, 1440 * 2 },
        { SortOrder.Descending, 0, null, 0, 1440 * 2 },
        { SortOrder.Descending, 0, 100, int.MinValue, int.MaxValue },
        { SortOrder.Ascending, 0, 3, int.MinValue, int.MaxValue },
        { SortOrder.Descending, 59, 62, 0, 1440 * 2 },
        { SortOrder.Ascending, 45, 2000, 30, 1470 },
        { SortOrder.Descending, 229, 5, 0, 1440 * 2 },
        { SortOrder.Descending, 230, 5, 0, 1440 * 2 },
        { SortOrder.Ascending, 10, 0, 0, 1440 * 2 },
        { SortOrder.Ascending, 0, null, 60, 70 },
    };

    private static readonly List<MinuteRecord> Written = [.. History(0, 60), .. History(70, 110, seed: 70), .. History(1440, 60, seed: 3)];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Streams_the_ordered_page_with_the_total_before_paging(SortOrder order, int offset, int? limit, int from, int to)
    {
        List<MinuteRecord> matching = [.. Written.Where(r => r.Time >= Bound(from) && r.Time < Bound(to))];
        IEnumerable<MinuteRecord> ordered = order == SortOrder.Ascending ? matching : matching.AsEnumerable().Reverse();

        MinuteStream stream = _temp.Store.StreamQuery(new MinuteQuery(DeviceA, Bound(from), Bound(to), order, offset, limit));

        Assert.Equal(matching.Count, stream.Total);
        Assert.Equal(ordered.Skip(offset).Take(limit ?? int.MaxValue).Select(StoredMinute.Of), stream.Items);
    }

    [Fact]
    public void The_answer_is_the_store_as_it_was_when_asked_even_if_minutes_arrive_while_it_is_written()
    {
        MinuteStream stream = _temp.Store.StreamQuery(new MinuteQuery(DeviceA, Start, Start.AddDays(2), SortOrder.Ascending));
        using IEnumerator<StoredMinute> items = stream.Items.GetEnumerator();
        Assert.True(items.MoveNext());

        // A write in the middle of the enumeration neither waits for it nor changes it.
        _temp.Store.Write([.. History(60, 10, seed: 9), At(200, MinuteSource.Live)]);
        var rest = new List<StoredMinute> { items.Current };
        while (items.MoveNext())
            rest.Add(items.Current);

        Assert.Equal(230, stream.Total);
        Assert.Equal(230, rest.Count);
        Assert.DoesNotContain(rest, minute => minute.Time == Start.AddMinutes(60) || minute.Time == Start.AddMinutes(200));
    }

    [Fact]
    public async Task Enumeration_may_move_between_threads()
    {
        MinuteStream stream = _temp.Store.StreamQuery(new MinuteQuery(DeviceA, Start, Start.AddDays(2), SortOrder.Descending));
        int count = 0;
        foreach (StoredMinute minute in stream.Items)
        {
            count++;
            if (count % 50 == 0)
                await Task.Run(() => Task.Delay(1)); // resumes elsewhere, like a response after a flush
        }

        Assert.Equal(230, count);
        Assert.Equal(1, _temp.Store.Write([At(300, MinuteSource.Live)]).Inserted);
    }

    private static DateTime Bound(int minutes) => minutes switch
    {
        int.MinValue => DateTime.MinValue,
        int.MaxValue => DateTime.MaxValue,
        _ => Start.AddMinutes(minutes),
    };
}
