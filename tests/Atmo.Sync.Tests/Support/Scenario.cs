using Atmo.Core;
using Atmo.Sync.Planning;

namespace Atmo.Sync.Tests.Support;

/// <summary>
/// Devices with minute history over a horizon, random gaps (some partly covered by live minutes),
/// and a cloud that has every minute with different values, so any overwrite of history shows.
/// </summary>
public sealed class Scenario
{
    public required List<MacAddress> Devices { get; init; }
    public required DateTime HorizonStart { get; init; }
    public required DateTime NowMinute { get; init; }
    public required Dictionary<MacAddress, List<DateOnly>> GapDays { get; init; }
    public required Dictionary<(MacAddress, DateTime), MinuteRecord> History { get; init; }
    public required int LiveMinutes { get; init; }

    public static Scenario Seed(SyncHarness h, int devices, int days, int seed, double gapDayProbability = 0.45)
    {
        var random = new Random(seed);
        DateTime nowMinute = MinuteTime.Floor(h.Clock.GetUtcNow());
        DateTime horizonStart = nowMinute.Date.AddDays(-(days - 1));
        var gapDays = new Dictionary<MacAddress, List<DateOnly>>();
        var history = new Dictionary<(MacAddress, DateTime), MinuteRecord>();
        var toStore = new List<MinuteRecord>();
        var toCloud = new List<MinuteRecord>();
        int live = 0;
        List<MacAddress> list = [.. Enumerable.Range(1, devices).Select(Records.Device)];
        foreach (MacAddress device in list)
        {
            gapDays[device] = [];
            for (DateTime day = horizonStart; day < nowMinute; day = day.AddDays(1))
            {
                DateTime dayEnd = day.AddDays(1) < nowMinute ? day.AddDays(1) : nowMinute;
                int minutes = (int)(dayEnd - day).TotalMinutes;
                (int gapStart, int gapEnd) = (minutes, minutes);
                if (random.NextDouble() < gapDayProbability || dayEnd == nowMinute)
                {
                    gapStart = random.Next(0, minutes);
                    gapEnd = Math.Min(minutes, gapStart + random.Next(1, 600));
                    gapDays[device].Add(DateOnly.FromDateTime(day));
                }
                for (int m = 0; m < minutes; m++)
                {
                    DateTime t = day.AddMinutes(m);
                    toCloud.Add(Records.Make(device, t, MinuteSource.Cloud, offset: 0.5));
                    if (m < gapStart || m >= gapEnd)
                    {
                        MinuteRecord r = Records.Make(device, t, MinuteSource.History);
                        history[(device, t)] = r;
                        toStore.Add(r);
                    }
                    else if (m == gapStart && gapEnd - gapStart > 3)
                    {
                        // A live minute inside the gap: not missing itself, but cloud data outranks it.
                        toStore.Add(Records.Make(device, t, MinuteSource.Live, offset: 0.25));
                        live++;
                    }
                }
            }
        }
        h.Store.Write(toStore);
        h.Cloud.Data.Add(toCloud);
        return new Scenario
        {
            Devices = list, HorizonStart = horizonStart, NowMinute = nowMinute, GapDays = gapDays, History = history, LiveMinutes = live,
        };
    }

    /// <summary>The fewest requests for the gap days when one range fits in one response.</summary>
    public int MinimumRanges => GapDays.Values.Sum(days => GapPlanner.Plan(days).Count);

    public int ExpectedMinutes => (int)(NowMinute - HorizonStart).TotalMinutes;
}
