using Atmo.Core;

namespace Atmo.Sync.Tests.Support;

/// <summary>Deterministic test records: the values depend on device, minute and source, so mix-ups show.</summary>
public static class Records
{
    public static MinuteRecord Make(MacAddress device, DateTime minute, MinuteSource source, double offset = 0)
    {
        long m = minute.Ticks / TimeSpan.TicksPerMinute;
        return new MinuteRecord
        {
            Device = device,
            Time = minute,
            Source = source,
            Voc = Math.Round(0.2 + (m % 500) / 1000.0 + offset, 3),
            Pm1 = m % 3 == 0 ? m % 7 : null,
            Pm25 = m % 3 == 0 ? m % 11 : null,
            Pm10 = m % 3 == 0 ? m % 13 : null,
            T = Math.Round(18 + (m % 90) / 10.0, 1),
            H = m % 17 == 0 ? null : 30 + m % 40,
            P = Math.Round(990 + (m % 300) / 10.0, 1),
            Latitude = m % 5 == 0 ? 45.4641008 : null,
            Longitude = m % 5 == 0 ? 9.1898154 : null,
        };
    }

    public static MacAddress Device(int i) => new(0xAA0000000000UL + (ulong)i);

    public static IEnumerable<DateTime> Minutes(DateTime from, DateTime to)
    {
        for (DateTime t = from; t < to; t = t.AddMinutes(1))
            yield return t;
    }
}
