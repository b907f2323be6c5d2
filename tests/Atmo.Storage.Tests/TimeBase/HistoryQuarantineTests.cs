using Atmo.Core;
using Atmo.Core.TimeBase;
using Atmo.Storage.Tests.Support;

namespace Atmo.Storage.Tests.TimeBase;

public sealed class HistoryQuarantineTests : IDisposable
{
    private static readonly MacAddress A = MacAddress.Parse("AA:BB:CC:00:00:01");
    private static readonly MacAddress B = MacAddress.Parse("AA:BB:CC:00:00:02");
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    private QuarantinedBatch Batch(MacAddress device, int minutes, DateTime? first = null)
    {
        DateTime start = first ?? new DateTime(2027, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        MinuteRecord[] records = [.. Enumerable.Range(0, minutes).Select(i => new MinuteRecord
        {
            Device = device,
            Time = start.AddMinutes(i),
            Source = MinuteSource.History,
            Pm25 = i,
            T = i % 3 == 0 ? null : -5.5,
        })];
        return new QuarantinedBatch(0, device, _store.Time.GetUtcNow(), _store.Time.GetUtcNow().AddSeconds(-3),
            new DateTimeOffset(start.AddSeconds(17), TimeSpan.Zero), records, "record times reach 2027");
    }

    [Fact]
    public void A_batch_survives_a_restart_with_the_devices_times_the_HST_time_and_its_values()
    {
        QuarantinedBatch batch = Batch(A, 40);
        QuarantineAddResult added = _store.Store.Add(batch);
        Assert.True(added.Kept);

        QuarantinedBatch read = Assert.Single(_store.Reopen().List(A));
        Assert.Equal(added.Id, read.Id);
        Assert.Equal((batch.RequestTime, batch.FirstRecordTime, batch.Reason), (read.RequestTime, read.FirstRecordTime, read.Reason));
        Assert.Equal(batch.Records, read.Records);
        Assert.Empty(_store.Store.List(B));
        Assert.Equal(new QuarantineSummary(A, 1, 40, batch.ReceivedAt, batch.ReceivedAt), Assert.Single(_store.Store.Summary()));

        Assert.Equal(1, _store.Store.Remove([added.Id]));
        Assert.Empty(_store.Reopen().List());
    }

    [Fact]
    public void The_per_device_cap_drops_that_devices_oldest_batches_only()
    {
        _store.Store.Add(Batch(B, 100));
        long first = _store.Store.Add(Batch(A, QuarantineLimits.MinutesPerDevice - 100)).Id;
        QuarantineAddResult second = _store.Store.Add(Batch(A, 100));
        Assert.Equal(0, second.EvictedMinutes);

        QuarantineAddResult third = _store.Store.Add(Batch(A, 1));
        Assert.True(third.Kept);
        Assert.Equal(QuarantineLimits.MinutesPerDevice - 100, third.EvictedMinutes);
        Assert.DoesNotContain(_store.Store.List(A), b => b.Id == first);
        Assert.Equal(100, _store.Store.List(B).Sum(b => b.Records.Count));
    }

    [Fact]
    public void The_total_cap_refuses_a_batch_without_dropping_anyone_elses()
    {
        for (int device = 0; device < QuarantineLimits.MinutesInTotal / QuarantineLimits.MinutesPerDevice; device++)
            Assert.True(_store.Store.Add(Batch(MacAddress.Parse($"AA:BB:CC:00:01:{device:X2}"), QuarantineLimits.MinutesPerDevice)).Kept);

        Assert.Same(QuarantineAddResult.Full, _store.Store.Add(Batch(A, 1)));
        Assert.Equal(QuarantineLimits.MinutesInTotal, _store.Store.Summary().Sum(s => s.Minutes));
    }

    [Fact]
    public void Marks_are_kept_per_device_and_bounded()
    {
        var mark = new ReanchorMark(A, _store.Time.GetUtcNow(), TimeSpan.FromHours(-3),
            new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 26, 11, 0, 0, DateTimeKind.Utc), 61, "collector");
        _store.Store.AddMark(mark);
        Assert.Equal(mark, Assert.Single(_store.Reopen().Marks(A)));
        Assert.Empty(_store.Store.Marks(B));

        for (int i = 0; i < QuarantineLimits.Marks + 5; i++)
            _store.Store.AddMark(mark with { Device = B, Minutes = i });
        Assert.Equal(QuarantineLimits.Marks, _store.Store.Marks().Count);
        Assert.Equal(QuarantineLimits.Marks + 4, _store.Store.Marks().Max(m => m.Minutes));
    }

    [Fact]
    public void The_clock_evidence_only_moves_forward_and_survives_a_restart()
    {
        Assert.Null(_store.Store.LatestSaneClock);
        DateTimeOffset t = _store.Time.GetUtcNow();
        _store.Store.ObserveSaneClock(t);
        _store.Store.ObserveSaneClock(t.AddHours(-1));
        Assert.Equal(t, _store.Store.LatestSaneClock);

        // Written at most every 10 minutes: a reading 5 minutes later is held in memory only.
        _store.Store.ObserveSaneClock(t.AddMinutes(5));
        Assert.Equal(t.AddMinutes(5), _store.Store.LatestSaneClock);
        Assert.Equal(t, _store.Reopen().LatestSaneClock);
        _store.Store.ObserveSaneClock(t.AddMinutes(20));
        Assert.Equal(t.AddMinutes(20), _store.Reopen().LatestSaneClock);
    }
}
