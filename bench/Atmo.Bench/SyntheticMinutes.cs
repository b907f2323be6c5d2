using Atmo.Core;

namespace Atmo.Bench;

/// <summary>
/// Realistic-looking minutes: every minute of every day, PM on a duty cycle (1 minute in 3),
/// a position on one device in two, values with the decimals a device reports.
/// </summary>
public static class SyntheticMinutes
{
    public static MacAddress DeviceAddress(int index) => new(0xC2_2B_42_00_00_00UL + (ulong)index);

    public static IEnumerable<MinuteRecord> Generate(int devices, int days, DateOnly lastDay)
    {
        DateTime start = lastDay.AddDays(1 - days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        for (int d = 0; d < devices; d++)
        {
            MacAddress device = DeviceAddress(d);
            var random = new Random(d);
            bool positioned = d % 2 == 1;
            for (int minute = 0; minute < days * 1440; minute++)
            {
                bool pm = minute % 3 == 0;
                yield return new MinuteRecord
                {
                    Device = device,
                    Time = start.AddMinutes(minute),
                    Source = MinuteSource.History,
                    Voc = Math.Round(0.2 + random.NextDouble() * 2, 3),
                    Pm1 = pm ? random.Next(0, 30) : null,
                    Pm25 = pm ? random.Next(0, 50) : null,
                    Pm10 = pm ? random.Next(0, 80) : null,
                    T = Math.Round(15 + random.NextDouble() * 15, 1),
                    H = random.Next(20, 80),
                    P = Math.Round(950 + random.NextDouble() * 80, 2),
                    Latitude = positioned ? 45.4641008 : null,
                    Longitude = positioned ? 9.1898154 : null,
                };
            }
        }
    }
}
