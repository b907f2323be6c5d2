using Atmo.Core;
using Atmo.Storage.Tests.Support;

namespace Atmo.Storage.Tests;

/// <summary>
/// <see cref="UnstoredMerge"/> answers every query as one store holding the stored and the unstored minutes would:
/// checked against a second real store into which the unstored (live) minutes were written after the stored ones,
/// so the store's own precedence decides.
/// </summary>
public sealed class UnstoredMergeTests : IDisposable
{
    private readonly TempStore _stored = new();
    private readonly TempStore _both = new();
    private readonly Held _held = new();

    public UnstoredMergeTests()
    {
        List<MinuteRecord> stored =
        [
            .. Minutes.History(0, 60),
            .. Enumerable.Range(60, 10).Select(i => Minutes.At(i, MinuteSource.Live, voc: 0.01 * i)),
            Minutes.At(75, MinuteSource.Cloud, voc: 7.5),
        ];
        List<MinuteRecord> unstored =
        [
            .. Enumerable.Range(50, 6).Select(i => Minutes.At(i, MinuteSource.Live, voc: 5)),   // outranked by history
            .. Enumerable.Range(65, 3).Select(i => Minutes.At(i, MinuteSource.Live, voc: 6)),   // replace stored live
            .. Enumerable.Range(70, 11).Select(i => Minutes.At(i, MinuteSource.Live, voc: 7)),  // new, but 75 is cloud
            .. Enumerable.Range(90, 3).Select(i => Minutes.At(i, MinuteSource.Live, voc: 9)),   // new, after a gap
        ];
        _stored.Store.Write(stored);
        _both.Store.Write(stored);
        _both.Store.Write(unstored);
        _held.Minutes.AddRange(unstored);
    }

    public void Dispose()
    {
        _stored.Dispose();
        _both.Dispose();
    }

    public static TheoryData<int, int, SortOrder> Ranges()
    {
        var data = new TheoryData<int, int, SortOrder>();
        int[] bounds = [0, 55, 66, 72, 85, 100];
        foreach (int from in bounds)
        {
            foreach (int to in bounds.Where(to => to > from))
            {
                data.Add(from, to, SortOrder.Ascending);
                data.Add(from, to, SortOrder.Descending);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Every_page_is_the_one_a_store_holding_both_would_give(int from, int to, SortOrder order)
    {
        foreach (int offset in new[] { 0, 1, 5, 13, 40, 200 })
        {
            foreach (int? limit in new int?[] { null, 0, 1, 7, 30 })
            {
                var query = new MinuteQuery(Minutes.DeviceA, Minutes.Start.AddMinutes(from), Minutes.Start.AddMinutes(to), order, offset, limit);
                MinuteStream expected = _both.Store.StreamQuery(query);

                MinuteStream merged = UnstoredMerge.StreamQuery(_stored.Store, _held, query);

                Assert.Equal(expected.Total, merged.Total);
                Assert.Equal(expected.Items.ToList(), merged.Items.ToList());
            }
        }
    }

    [Fact]
    public void Without_unstored_minutes_it_is_the_stores_own_answer()
    {
        var query = new MinuteQuery(Minutes.DeviceB, DateTime.MinValue, DateTime.MaxValue);
        Assert.Equal(_stored.Store.StreamQuery(query).Total, UnstoredMerge.StreamQuery(_stored.Store, null, query).Total);
    }

    private sealed class Held : IUnstoredMinutes
    {
        public List<MinuteRecord> Minutes { get; } = [];

        public IReadOnlyList<MinuteRecord> Find(MacAddress device, DateTime from, DateTime to) =>
            [.. Minutes.Where(minute => minute.Device == device && minute.Time >= from && minute.Time < to).OrderBy(minute => minute.Time)];
    }
}
