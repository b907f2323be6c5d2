using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Dashboard.Tests;

/// <summary>
/// Two devices written with the real store into the gateway's database before it starts, over the
/// API's longest range (<see cref="FirstDay"/> to <see cref="LastDay"/>, 8 UTC days ending yesterday):
/// <list type="bullet">
/// <item><see cref="Office"/>: every minute but one known 3-hour gap, from three sources: cloud for the first
/// two days, then history, then live for the last 6 hours.</item>
/// <item><see cref="Lab"/>: every minute of the 8 days (11,520), history: the chart of the performance target.</item>
/// </list>
/// The newest PM2.5 values are chosen so that the 2024 revision of the EPA breakpoints gives another category
/// than the earlier table: 10 µg/m³ is Moderate (was Good), 130 µg/m³ Very Unhealthy (was Unhealthy).
/// </summary>
internal sealed class PreparedMinutes(DateOnly lastDay)
{
    public static readonly MacAddress Office = MacAddress.Parse("C2:2B:00:00:00:01");
    public static readonly MacAddress Lab = MacAddress.Parse("C2:2B:00:00:00:02");
    public const string OfficeName = "Office";
    public const string LabName = "Lab";
    public const double OfficeNewestPm25 = 10;
    public const double LabNewestPm25 = 130;

    public DateOnly LastDay { get; } = lastDay;
    public DateOnly FirstDay => LastDay.AddDays(-7);
    public DateTime From => FirstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    public DateTime To => LastDay.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    public DateTime CloudUntil => From.AddDays(2);
    public DateTime GapFrom => From.AddDays(3).AddHours(10);
    public DateTime GapTo => GapFrom.AddHours(3);
    public DateTime LiveFrom => To.AddHours(-6);

    public int OfficeMinutes => (int)(To - From).TotalMinutes - 180;
    public int LabMinutes => (int)(To - From).TotalMinutes;

    /// <summary>The Office's stretches of one source, as the page must list them: (source, first minute, end).</summary>
    public IReadOnlyList<(string Source, DateTime From, DateTime To)> OfficeStretches =>
    [
        ("cloud", From, CloudUntil),
        ("history", CloudUntil, GapFrom),
        ("history", GapTo, LiveFrom),
        ("live", LiveFrom, To),
    ];

    public void WriteTo(string databasePath)
    {
        using var store = new LiteDbMinuteStore(
            new StorageOptions { Path = databasePath, Durability = CommitDurability.ProcessCrashOnly },
            TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        List<MinuteRecord> office = [.. Minutes(Office, OfficeNewestPm25, t => t >= GapFrom && t < GapTo, SourceOfOffice)];
        List<MinuteRecord> lab = [.. Minutes(Lab, LabNewestPm25, _ => false, _ => MinuteSource.History)];
        Assert.Equal(OfficeMinutes, store.Write(office).Inserted);
        Assert.Equal(LabMinutes, store.Write(lab).Inserted);
    }

    private MinuteSource SourceOfOffice(DateTime time) =>
        time < CloudUntil ? MinuteSource.Cloud : time >= LiveFrom ? MinuteSource.Live : MinuteSource.History;

    private IEnumerable<MinuteRecord> Minutes(MacAddress device, double newestPm25, Func<DateTime, bool> missing, Func<DateTime, MinuteSource> source)
    {
        int count = (int)(To - From).TotalMinutes;
        for (int i = 0; i < count; i++)
        {
            DateTime time = From.AddMinutes(i);
            if (missing(time))
                continue;
            double pm25 = i == count - 1 ? newestPm25 : 4 + i / 7 % 20;
            yield return new MinuteRecord
            {
                Device = device, Time = time, Source = source(time),
                Pm1 = 2 + i % 5, Pm25 = pm25, Pm10 = pm25 + 3,
                Voc = 0.2 + i % 100 / 1000.0, T = 20 + i % 60 / 10.0, H = 40 + i % 20, P = 1000 + i % 50 / 4.0,
            };
        }
    }
}
