using Atmo.Simulator.Devices;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Simulator.Tests.Devices;

public class HistoryMemoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public void Prefill_covers_the_minutes_just_before_now()
    {
        var clock = new FakeTimeProvider(Start);
        var memory = new HistoryMemory(clock, seed: 1, prefill: 3);

        Assert.Equal(
            [Start.AddSeconds(-30).AddMinutes(-3), Start.AddSeconds(-30).AddMinutes(-2), Start.AddSeconds(-30).AddMinutes(-1)],
            memory.Records.Select(r => r.Minute));
        Assert.All(memory.Records, r => Assert.False(r.Synced));
    }

    [Fact]
    public void One_record_per_minute_of_the_clock()
    {
        var clock = new FakeTimeProvider(Start);
        var memory = new HistoryMemory(clock, seed: 1, prefill: 0);
        Assert.Empty(memory.Records);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(memory.Records);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(memory.Records);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(11, memory.Records.Count);
    }

    [Fact]
    public void Memory_is_cyclic_at_14400_records()
    {
        var clock = new FakeTimeProvider(Start);
        var memory = new HistoryMemory(clock, seed: 1, prefill: 14_400);
        long firstId = memory.Records[0].Id;

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(14_400, memory.Records.Count);
        Assert.Equal(firstId + 5, memory.Records[0].Id);
    }

    [Fact]
    public void Synced_records_are_not_offered_again()
    {
        var clock = new FakeTimeProvider(Start);
        var memory = new HistoryMemory(clock, seed: 1, prefill: 10);

        memory.MarkSynced(memory.Records.Take(4).Select(r => r.Id));

        Assert.Equal(6, memory.Unsynced().Count);
        Assert.Equal(memory.Records[4].Id, memory.Unsynced()[0].Id);
    }

    [Fact]
    public void Values_are_deterministic_per_seed_and_minute()
    {
        var a = new HistoryMemory(new FakeTimeProvider(Start), seed: 7, prefill: 50).Records.Select(r => Convert.ToHexString(r.Bytes));
        var b = new HistoryMemory(new FakeTimeProvider(Start), seed: 7, prefill: 50).Records.Select(r => Convert.ToHexString(r.Bytes));
        var c = new HistoryMemory(new FakeTimeProvider(Start), seed: 8, prefill: 50).Records.Select(r => Convert.ToHexString(r.Bytes));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
