using Atmo.Ble.Protocol;
using Atmo.Core;

namespace Atmo.Ble.Tests.Protocol;

public sealed class HistoryRecordMappingTests
{
    private static readonly MacAddress Device = MacAddress.Parse("EA:4D:01:02:03:04");

    [Fact]
    public void History_record_maps_to_a_history_minute_in_stored_units()
    {
        var record = new HistoryRecord(DateTimeOffset.Parse("2026-10-05T15:09:13Z"), -5, 80, 1234, 98_765, 3, 5, 7);

        var minute = record.ToMinuteRecord(Device);

        Assert.Equal(Device, minute.Device);
        Assert.Equal(MinuteSource.History, minute.Source);
        Assert.Equal(new DateTime(2026, 10, 5, 15, 9, 0, DateTimeKind.Utc), minute.Time);
        Assert.Equal(DateTimeKind.Utc, minute.Time.Kind);
        Assert.True(MinuteTime.IsMinuteStart(minute.Time));
        Assert.Equal(1.234, minute.Voc!.Value, 12);
        Assert.Equal(987.65, minute.P!.Value, 12);
        Assert.Equal((-5.0, 80.0, 3.0, 5.0, 7.0), (minute.T, minute.H, minute.Pm1, minute.Pm25, minute.Pm10));
        Assert.Null(minute.Latitude);
    }

    [Fact]
    public void Missing_values_stay_null()
    {
        var record = new HistoryRecord(DateTimeOffset.Parse("2026-10-05T15:09:59.999Z"), null, null, null, null, null, null, null);

        var minute = record.ToMinuteRecord(Device);

        Assert.Equal(new DateTime(2026, 10, 5, 15, 9, 0, DateTimeKind.Utc), minute.Time);
        Assert.Equal([null, null, null, null, null, null, null], new[] { minute.Voc, minute.Pm1, minute.Pm25, minute.Pm10, minute.T, minute.H, minute.P });
    }

    [Fact]
    public void A_batch_maps_record_for_record()
    {
        var first = DateTimeOffset.Parse("2026-10-05T15:09:13Z");
        HistoryRecord[] records = [new(first, 20, 50, 100, 100_000, 1, 2, 3), new(first.AddMinutes(1), 21, 51, 101, 100_001, 1, 2, 3)];
        var batch = new HistoryBatch(0, first, 16, records, 2, 9 + 36);

        MinuteRecord[] minutes = batch.ToMinuteRecords(Device);

        Assert.Equal([new DateTime(2026, 10, 5, 15, 9, 0, DateTimeKind.Utc), new DateTime(2026, 10, 5, 15, 10, 0, DateTimeKind.Utc)], minutes.Select(m => m.Time));
        Assert.Equal([0.1, 0.101], minutes.Select(m => m.Voc!.Value));
    }
}
