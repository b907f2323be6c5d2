using Atmo.Ble.Protocol;
using Atmo.Core;
using Atmo.Simulator.Devices;

namespace Atmo.Testing;

/// <summary>
/// A store compared with the emulated units' memory (the ground truth).
/// </summary>
/// <param name="Expected">Minutes the devices marked synced: acknowledged, so they will never be sent again.</param>
/// <param name="Stored">Expected minutes stored as history with the device's values.</param>
/// <param name="Missing">Expected minutes not stored that way: lost.</param>
/// <param name="Duplicated">Stored history minutes that are not the device's record of that minute (shifted copies).</param>
/// <param name="PendingOnDevice">Records not acknowledged yet: still on the device, sent next time.</param>
/// <param name="LiveMinutes">Live minutes still in the store (minutes history has not covered yet).</param>
public sealed record GroundTruth(int Expected, int Stored, int Missing, int Duplicated, int PendingOnDevice, int LiveMinutes)
{
    /// <summary>Compares <paramref name="store"/> with every unit's memory; <paramref name="log"/> gets the first few mismatches.</summary>
    /// <param name="positions">Fixed positions of configured devices (stored as coords), by address.</param>
    public static GroundTruth Compare(
        IMinuteStore store, IEnumerable<EmulatedAtmotube> units, DateTimeOffset now, Action<string> log,
        IReadOnlyDictionary<MacAddress, (double Lat, double Lon)>? positions = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(log);
        int expected = 0, stored = 0, missing = 0, duplicated = 0, pending = 0, live = 0;
        foreach (EmulatedAtmotube unit in units)
        {
            IReadOnlyList<StoredRecord> truth = unit.Memory.Records;
            var byMinute = truth.ToDictionary(r => r.Minute.UtcDateTime);
            MinutePage page = store.Query(new MinuteQuery(unit.Address, truth[0].Minute.UtcDateTime.AddDays(-1), now.UtcDateTime.AddDays(1), SortOrder.Ascending));
            var storedByMinute = page.Items.ToDictionary(r => r.Time);
            live += page.Items.Count(r => r.Source == MinuteSource.Live);
            (double Lat, double Lon)? position = positions is not null && positions.TryGetValue(unit.Address, out var p) ? p : null;
            foreach (StoredRecord record in truth)
            {
                if (!record.Synced)
                {
                    pending++;
                    continue;
                }

                expected++;
                MinuteRecord want = DeviceRecord(unit.Address, record, position);
                if (storedByMinute.TryGetValue(want.Time, out MinuteRecord? have) && have.Source == MinuteSource.History && have.HasSameValues(want))
                {
                    stored++;
                }
                else if (missing++ < 3)
                {
                    log($"Missing: {want}; stored: {(have is null ? "nothing" : have.ToString())}");
                }
            }

            foreach (MinuteRecord have in page.Items.Where(r => r.Source == MinuteSource.History))
            {
                if (!byMinute.TryGetValue(have.Time, out StoredRecord? record) || !have.HasSameValues(DeviceRecord(unit.Address, record, position)))
                {
                    if (duplicated++ < 3)
                        log($"Not the device's record: stored {have}; device: {(record is null ? "none" : DeviceRecord(unit.Address, record, position))}");
                }
            }
        }

        var report = new GroundTruth(expected, stored, missing, duplicated, pending, live);
        log($"Ground truth: {report}");
        return report;
    }

    private static MinuteRecord DeviceRecord(MacAddress device, StoredRecord record, (double Lat, double Lon)? position)
    {
        HistoryValues v = record.Values;
        var mapped = new HistoryRecord(record.Minute, v.TemperatureC, v.HumidityPercent, v.VocPpb, v.PressurePa, v.Pm1, v.Pm25, v.Pm10).ToMinuteRecord(device);
        return position is { } p ? mapped with { Latitude = p.Lat, Longitude = p.Lon } : mapped;
    }
}
