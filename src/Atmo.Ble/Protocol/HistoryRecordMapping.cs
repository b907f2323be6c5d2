using Atmo.Core;

namespace Atmo.Ble.Protocol;

public static class HistoryRecordMapping
{
    /// <summary>
    /// The stored form of a history record: source History, time floored to its UTC minute (the device stamps
    /// records from the HST time, so the seconds are arbitrary), VOC ppb → ppm, pressure Pa → mbar; missing stays null.
    /// </summary>
    public static MinuteRecord ToMinuteRecord(this HistoryRecord record, MacAddress device)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new MinuteRecord
        {
            Device = device,
            Time = MinuteTime.Floor(record.Time),
            Source = MinuteSource.History,
            Voc = record.VocPpb is { } voc ? AtmotubeUnits.VocPpm(voc) : null,
            Pm1 = record.Pm1,
            Pm25 = record.Pm25,
            Pm10 = record.Pm10,
            T = record.TemperatureC,
            H = record.HumidityPercent,
            P = record.PressurePa is { } pa ? AtmotubeUnits.PressureMbar(pa) : null,
        };
    }

    public static MinuteRecord[] ToMinuteRecords(this HistoryBatch batch, MacAddress device)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = new MinuteRecord[batch.Records.Count];
        for (int i = 0; i < records.Length; i++)
            records[i] = batch.Records[i].ToMinuteRecord(device);
        return records;
    }
}
