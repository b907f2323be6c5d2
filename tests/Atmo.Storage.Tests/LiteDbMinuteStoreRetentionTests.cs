using Atmo.Core;
using Atmo.Storage.Tests.Support;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests;

public sealed class LiteDbMinuteStoreRetentionTests : IDisposable
{
    private readonly TempStore _temp = new(retentionDays: 2);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void DeleteOlderThan_RemovesWholeAndPartialHours_AndKeepsCountersRight()
    {
        _temp.Store.Write([.. History(0, 200), At(300, MinuteSource.Live), At(301, MinuteSource.Cloud)]);
        _temp.Store.Write([At(10, MinuteSource.Cloud, voc: 7)]); // a disagreement, on a minute about to go

        long deleted = _temp.Store.DeleteOlderThan(Start.AddMinutes(90).AddSeconds(30));

        Assert.Equal(91, deleted);
        LiteDbMinuteStore store = _temp.Reopen();
        Assert.Equal(new DeviceStats(DeviceA, Start.AddMinutes(91), Start.AddMinutes(301), 1, 109, 1, 1), store.GetStats(DeviceA));
        Assert.Equal(Start.AddMinutes(91), store.StoredMinutes(DeviceA, DateTime.MinValue, DateTime.MaxValue)[0]);
        Assert.Equal(111, store.Query(new MinuteQuery(DeviceA, DateTime.MinValue, DateTime.MaxValue)).Total);
        Assert.Equal(111, store.Query(new MinuteQuery(DeviceA, Start, Start.AddDays(1))).Total);
    }

    [Fact]
    public void DeleteOlderThan_AtAnHourStart_LeavesThatHourWhole()
    {
        _temp.Store.Write(History(0, 180));

        Assert.Equal(60, _temp.Store.DeleteOlderThan(Start.AddHours(1)));
        Assert.Equal(Start.AddHours(1), _temp.Store.GetStats(DeviceA).FirstMinute);
        Assert.Equal(120, _temp.Store.GetStats(DeviceA).History);
    }

    [Fact]
    public void DeletingEverything_EmptiesTheDevice_AndNewestMinute()
    {
        _temp.Store.Write(History(0, 30));

        Assert.Equal(30, _temp.Store.DeleteOlderThan(Start.AddDays(1)));

        Assert.Empty(_temp.Store.Devices());
        Assert.Null(_temp.Store.NewestMinute());
        Assert.Equal(new DeviceStats(DeviceA, null, null, 0, 0, 0, 0), _temp.Reopen().GetStats(DeviceA));
        Assert.Equal(1, _temp.Store.Write(History(0, 1)).Inserted);
        Assert.Equal(Start, _temp.Store.GetStats(DeviceA).FirstMinute);
    }

    [Fact]
    public void ApplyRetention_UsesTheTimeProviderAndRetentionDays()
    {
        // The clock says 2026-11-26 12:00; two days of retention keep minutes from 2026-11-24 12:00.
        DateTime keepFrom = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
        _temp.Store.Write([At(keepFrom.AddMinutes(-1), MinuteSource.Live), At(keepFrom, MinuteSource.Live)]);

        Assert.Equal(1, _temp.Store.ApplyRetention());
        Assert.Equal(keepFrom, _temp.Store.GetStats(DeviceA).FirstMinute);
        Assert.Equal(0, _temp.Store.DeleteOlderThan(keepFrom));
    }
}
