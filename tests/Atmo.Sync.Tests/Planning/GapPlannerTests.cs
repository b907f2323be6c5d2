using Atmo.Sync.Planning;

namespace Atmo.Sync.Tests.Planning;

public class GapPlannerTests
{
    private static readonly DateOnly Day0 = new(2026, 10, 1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_gap_patterns_get_the_dp_minimum_and_never_a_day_without_gap(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 400; round++)
        {
            int days = random.Next(1, 61);
            double density = random.NextDouble();
            bool[] gap = [.. Enumerable.Range(0, days).Select(_ => random.NextDouble() < density)];
            List<DateOnly> gapDays = [.. Enumerable.Range(0, days).Where(i => gap[i]).Select(i => Day0.AddDays(i))];

            IReadOnlyList<DateRange> plan = GapPlanner.Plan(gapDays.OrderBy(_ => random.Next()));

            Assert.Equal(DpMinimum(gap), plan.Count);
            List<DateOnly> covered = [.. plan.SelectMany(r => r.EachDay())];
            Assert.Equal(gapDays, covered.Order());                       // every gap day, exactly once
            Assert.All(plan, r => Assert.InRange(r.End.DayNumber - r.Start.DayNumber, 0, 7));
        }
    }

    [Fact]
    public void Runs_are_cut_into_eight_day_pieces()
    {
        List<DateOnly> seventeen = [.. Enumerable.Range(0, 17).Select(i => Day0.AddDays(i))];
        IReadOnlyList<DateRange> plan = GapPlanner.Plan(seventeen);
        Assert.Equal([new(Day0, Day0.AddDays(7)), new(Day0.AddDays(8), Day0.AddDays(15)), new(Day0.AddDays(16), Day0.AddDays(16))], plan);
    }

    [Fact]
    public void A_complete_day_splits_the_range()
    {
        IReadOnlyList<DateRange> plan = GapPlanner.Plan([Day0, Day0.AddDays(1), Day0.AddDays(3)]);
        Assert.Equal([new(Day0, Day0.AddDays(1)), new(Day0.AddDays(3), Day0.AddDays(3))], plan);
    }

    [Fact]
    public void Missing_minutes_count_the_current_day_only_up_to_now()
    {
        var horizon = new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc);
        DateTime now = horizon.AddDays(1).AddHours(2);                   // 02:00 on the second day
        List<DateTime> stored = [.. Enumerable.Range(0, 1440).Select(i => horizon.AddMinutes(i))];   // day 1 complete
        stored.AddRange(Enumerable.Range(0, 100).Select(i => horizon.AddDays(1).AddMinutes(i)));     // 100 of 120 on day 2

        IReadOnlyList<DayGap> gaps = GapPlanner.MissingByDay(stored, horizon, now);

        Assert.Equal([new DayGap(DateOnly.FromDateTime(now), 20)], gaps);
    }

    /// <summary>Exact minimum by dynamic programming over every allowed last range.</summary>
    private static int DpMinimum(bool[] gap)
    {
        var best = new int[gap.Length + 1];
        for (int i = 1; i <= gap.Length; i++)
        {
            if (!gap[i - 1])
            {
                best[i] = best[i - 1];
                continue;
            }
            best[i] = int.MaxValue;
            for (int length = 1; length <= 8 && i - length >= 0 && gap[i - length]; length++)
                best[i] = Math.Min(best[i], best[i - length] + 1);
        }
        return best[gap.Length];
    }
}
