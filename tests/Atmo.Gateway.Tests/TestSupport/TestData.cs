using Atmo.Core;

namespace Atmo.Gateway.Tests.TestSupport;

/// <summary>The known data set of the endpoint tests.</summary>
public static class TestData
{
    /// <summary>
    /// Every minute of 2023-11-10 (1440 records) and the minutes 00:00 and 23:59 of every other day
    /// from 2023-11-01 to 2023-11-15 (28 records): 1468 in all, newest 2023-11-15 23:59.
    /// </summary>
    public static readonly MacAddress DeviceA = MacAddress.Parse("AA:BB:CC:DD:EE:FF");

    /// <summary>Exactly the two records of the contract's JSON and CSV examples (2023-11-14 23:52 and 23:53).</summary>
    public static readonly MacAddress ContractDevice = MacAddress.Parse("11:22:33:44:55:66");

    public const int DeviceATotal = 1468;

    public static IEnumerable<MinuteRecord> All() => DeviceARecords().Concat(ContractRecords());

    public static IEnumerable<MinuteRecord> ContractRecords() =>
    [
        new()
        {
            Device = ContractDevice, Time = Utc(2023, 11, 14, 23, 53), Source = MinuteSource.Cloud,
            Voc = 1.241, Pm1 = 1, Pm25 = 3, Pm10 = 5, T = 28, H = 15, P = 953.2,
            Latitude = 45.4641008, Longitude = 9.1898154,
        },
        new()
        {
            Device = ContractDevice, Time = Utc(2023, 11, 14, 23, 52), Source = MinuteSource.History,
            Voc = 2.012, T = 28, H = 15, P = 953.2,
        },
    ];

    public static IEnumerable<MinuteRecord> DeviceARecords()
    {
        for (int minute = 0; minute < 1440; minute++)
            yield return Minute(Utc(2023, 11, 10, 0, 0).AddMinutes(minute));
        for (int day = 1; day <= 15; day++)
        {
            if (day == 10)
                continue;
            yield return Minute(Utc(2023, 11, day, 0, 0));
            yield return Minute(Utc(2023, 11, day, 23, 59));
        }
    }

    private static MinuteRecord Minute(DateTime time) => new()
    {
        Device = DeviceA, Time = time, Source = MinuteSource.History,
        Voc = 0.5, Pm1 = 2, Pm25 = 4, Pm10 = 6, T = 21.5, H = 40, P = 1001.25,
    };

    public static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);
}
