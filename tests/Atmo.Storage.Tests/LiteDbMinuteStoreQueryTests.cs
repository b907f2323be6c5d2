using Atmo.Core;
using Atmo.Storage.Tests.Support;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests;

public sealed class LiteDbMinuteStoreQueryTests : IDisposable
{
    private readonly TempStore _temp = new();

    public LiteDbMinuteStoreQueryTests()
    {
        // Device A: minutes 0..179 (three hours) except 60..69; device B: minutes 0..9 (other values).
        _temp.Store.Write([.. History(0, 60), .. History(70, 110, seed: 70)]);
        _temp.Store.Write(History(0, 10, DeviceB, seed: 40));
    }

    public void Dispose() => _temp.Dispose();

    private static List<DateTime> Times(MinutePage page) => [.. page.Items.Select(item => item.Time)];

    private static List<DateTime> Range(int first, int count) => [.. Enumerable.Range(first, count).Select(i => Start.AddMinutes(i))];

    [Fact]
    public void Ascending_IsOldestFirst_FromInclusive_ToExclusive()
    {
        MinutePage page = _temp.Store.Query(new MinuteQuery(DeviceA, Start.AddMinutes(50), Start.AddMinutes(75), SortOrder.Ascending));

        Assert.Equal(15, page.Total);
        Assert.Equal([.. Range(50, 10), .. Range(70, 5)], Times(page));
        Assert.All(page.Items, item => Assert.Equal(DeviceA, item.Device));
    }

    [Fact]
    public void Descending_IsNewestFirst()
    {
        MinutePage page = _temp.Store.Query(new MinuteQuery(DeviceA, Start.AddMinutes(50), Start.AddMinutes(75)));

        Assert.Equal([.. Range(70, 5).AsEnumerable().Reverse(), .. Range(50, 10).AsEnumerable().Reverse()], Times(page));
    }

    [Theory]
    [InlineData(SortOrder.Ascending, 0, 5)]
    [InlineData(SortOrder.Ascending, 58, 5)]
    [InlineData(SortOrder.Descending, 3, 100)]
    [InlineData(SortOrder.Descending, 168, 100)]
    [InlineData(SortOrder.Ascending, 170, 10)]
    [InlineData(SortOrder.Ascending, 0, 0)]
    public void OffsetAndLimit_PageTheOrderedRange_TotalIsBeforePaging(SortOrder order, int offset, int limit)
    {
        List<DateTime> all = [.. Range(0, 60), .. Range(70, 110)];
        if (order == SortOrder.Descending)
            all.Reverse();
        MinutePage page = _temp.Store.Query(new MinuteQuery(DeviceA, Start, Start.AddDays(1), order, offset, limit));

        Assert.Equal(170, page.Total);
        Assert.Equal(all.Skip(offset).Take(limit), Times(page));
    }

    [Fact]
    public void NullLimit_ReturnsTheWholeRange_AndValuesRoundTrip()
    {
        MinutePage page = _temp.Store.Query(new MinuteQuery(DeviceA, Start, Start.AddDays(1), SortOrder.Ascending));

        Assert.Equal([.. History(0, 60), .. History(70, 110, seed: 70)], page.Items);
    }

    [Fact]
    public void NewestFirstWithoutRange_StopsEarly_ButTotalCountsEverything()
    {
        MinutePage page = _temp.Store.Query(new MinuteQuery(DeviceA, DateTime.MinValue, DateTime.MaxValue, SortOrder.Descending, 0, 3));

        Assert.Equal(170, page.Total);
        Assert.Equal(Range(177, 3).AsEnumerable().Reverse(), Times(page));
    }

    [Fact]
    public void EmptyAndReversedRanges_AndUnknownDevices_ReturnNothing()
    {
        Assert.Equal(0, _temp.Store.Query(new MinuteQuery(DeviceA, Start.AddMinutes(60), Start.AddMinutes(70))).Total);
        Assert.Equal(0, _temp.Store.Query(new MinuteQuery(DeviceA, Start.AddMinutes(5), Start.AddMinutes(5))).Total);
        Assert.Equal(0, _temp.Store.Query(new MinuteQuery(DeviceA, Start.AddMinutes(9), Start.AddMinutes(5))).Total);
        Assert.Equal(0, _temp.Store.Query(new MinuteQuery(MacAddress.Parse("00:00:00:00:00:01"), Start, Start.AddDays(1))).Total);
        Assert.Empty(_temp.Store.Query(new MinuteQuery(DeviceA, Start.AddDays(2), Start.AddDays(3))).Items);
    }

    [Fact]
    public void BoundsInsideAMinute_RoundUpToTheNextMinuteStart()
    {
        MinutePage page = _temp.Store.Query(new MinuteQuery(DeviceA, Start.AddSeconds(1), Start.AddMinutes(2).AddSeconds(1), SortOrder.Ascending));

        Assert.Equal(Range(1, 2), Times(page));
    }

    [Fact]
    public void OtherDevices_AreNotMixedIn()
    {
        MinutePage page = _temp.Store.Query(new MinuteQuery(DeviceB, Start, Start.AddDays(1), SortOrder.Ascending));

        Assert.Equal(History(0, 10, DeviceB, seed: 40), page.Items);
    }

    [Fact]
    public void StoredMinutes_ListsTheRangeAscending()
    {
        Assert.Equal([.. Range(55, 5), .. Range(70, 2)], _temp.Store.StoredMinutes(DeviceA, Start.AddMinutes(55), Start.AddMinutes(72)));
        Assert.Empty(_temp.Store.StoredMinutes(DeviceA, Start.AddMinutes(60), Start.AddMinutes(70)));
    }

    [Fact]
    public void StatsDevicesAndNewestMinute_AreKeptWithoutScanning_AndSurviveReopen()
    {
        _temp.Store.Write([At(-5, MinuteSource.Live, device: DeviceB), At(500, MinuteSource.Cloud, device: DeviceB)]);
        LiteDbMinuteStore store = _temp.Reopen();

        Assert.Equal(new DeviceStats(DeviceA, Start, Start.AddMinutes(179), 0, 170, 0, 0), store.GetStats(DeviceA));
        Assert.Equal(new DeviceStats(DeviceB, Start.AddMinutes(-5), Start.AddMinutes(500), 1, 10, 1, 0), store.GetStats(DeviceB));
        Assert.Equal([DeviceA, DeviceB], store.Devices());
        Assert.Equal(Start.AddMinutes(500), store.NewestMinute());
        Assert.Equal(new DeviceStats(default, null, null, 0, 0, 0, 0), store.GetStats(default));
    }
}
