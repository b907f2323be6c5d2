using Atmo.Ble.Protocol;
using Atmo.Collector.Live;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Collector.Tests.Support;
using Atmo.Core;
using Atmo.Core.TimeBase;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Atmo.Collector.Tests.Live;

public sealed class LiveMinuteWriterTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly MacAddress A = MacAddress.Parse("C2:2B:4F:11:22:33");
    private static readonly MacAddress B = MacAddress.Parse("C2:2B:4F:11:22:44");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly CollectorStatus _status = new();
    private readonly FakeLogger<LiveMinuteWriter> _logger = new();
    private readonly TemporaryStore _store;

    public LiveMinuteWriterTests() => _store = new TemporaryStore(_time);

    public void Dispose() => _store.Dispose();

    private readonly UnstoredLiveMinutes _unstored = new(new BleOptions().UnstoredLiveLimit);

    /// <summary>Every minute written as it closes, unless <paramref name="options"/> say otherwise.</summary>
    private LiveMinuteWriter Writer(BleOptions? options = null, IMinuteStore? store = null, DateTimeOffset? notBefore = null, TimeProvider? time = null, UnstoredLiveMinutes? unstored = null)
    {
        store ??= _store.Store;
        var clock = new ClockGuard(StoreParts.Require<IClockEvidence>(_store.Store), _status, notBefore ?? Start.AddYears(-1));
        return new LiveMinuteWriter(options ?? new BleOptions { LiveWriteInterval = TimeSpan.Zero }, store, clock, _status,
            (_, record) => record with { Latitude = 52.5, Longitude = 13.25 }, time ?? _time, _logger, unstored ?? _unstored);
    }

    /// <summary>Closes minute <paramref name="minute"/> (samples of both devices) and lets the writer run at its end.</summary>
    private void CloseMinute(LiveMinuteWriter writer, int minute)
    {
        writer.Add(A, Start.AddMinutes(minute).AddSeconds(10), Temperature(20 + minute));
        writer.Add(B, Start.AddMinutes(minute).AddSeconds(20), Temperature(10 + minute));
        _time.SetUtcNow(Start.AddMinutes(minute + 1).AddSeconds(2));
        writer.WriteClosedMinutes(_time.GetUtcNow());
    }

    private static LiveSample Temperature(double t) => new(null, null, null, null, t, null, null);

    [Fact]
    public void A_minute_is_written_once_it_ended_and_the_grace_passed()
    {
        LiveMinuteWriter writer = Writer();
        writer.Add(A, Start.AddSeconds(10), Temperature(20));
        writer.Add(A, Start.AddSeconds(40), Temperature(22));

        writer.WriteClosedMinutes(Start.AddSeconds(61)); // within Ble:MinuteCloseGrace (2 s): late samples still count
        Assert.Empty(_store.Store.StoredMinutes(A, Start.UtcDateTime, Start.UtcDateTime.AddHours(1)));

        writer.WriteClosedMinutes(Start.AddSeconds(62));
        MinuteRecord stored = Assert.Single(_store.Store.Query(new MinuteQuery(A, Start.UtcDateTime, Start.UtcDateTime.AddHours(1), SortOrder.Ascending)).Items);
        Assert.Equal((Start.UtcDateTime, MinuteSource.Live, 21.0, 52.5), (stored.Time, stored.Source, stored.T, stored.Latitude));
        Assert.Equal(1, _status.Counters.LiveMinutesWritten);
        Assert.Equal(Start.AddSeconds(62), _status.LastProgress);
        Assert.False(writer.Add(A, Start.AddSeconds(59), Temperature(30)), "a sample of a closed minute is late");
    }

    [Fact]
    public void With_a_write_interval_closed_minutes_wait_in_memory_and_are_written_together()
    {
        var recorder = new LiveWriteRecorder(_store.Store, _time);
        LiveMinuteWriter writer = Writer(new BleOptions { LiveWriteInterval = TimeSpan.FromMinutes(5) }, recorder);
        for (int minute = 0; minute < 7; minute++)
        {
            writer.Add(A, Start.AddMinutes(minute).AddSeconds(10), Temperature(20 + minute));
            writer.Add(B, Start.AddMinutes(minute).AddSeconds(20), Temperature(10 + minute));
            _time.SetUtcNow(Start.AddMinutes(minute + 1).AddSeconds(2));
            writer.WriteClosedMinutes(_time.GetUtcNow());
        }

        // The oldest minute (12:00) closed at 12:01:02 and waited five minutes: one write at 12:06:02 with six minutes of both devices.
        var (at, records) = Assert.Single(recorder.LiveWrites);
        Assert.Equal(Start.AddMinutes(6).AddSeconds(2), at);
        Assert.Equal(12, records.Count);
        Assert.Equal(6, records.Select(r => r.Time).Distinct().Count());

        writer.WriteClosedMinutes(_time.GetUtcNow(), flush: true); // at stop: the minute that closed since, at once
        Assert.Equal(2, recorder.LiveWrites.Count);
        Assert.All(recorder.LiveWrites[1].Records, r => Assert.Equal(Start.UtcDateTime.AddMinutes(6), r.Time));
        Assert.Equal(14, _status.Counters.LiveMinutesWritten);
    }

    [Fact]
    public void Minutes_closed_under_an_implausible_clock_are_dropped_and_that_is_said_once()
    {
        LiveMinuteWriter writer = Writer(notBefore: Start.AddDays(1));
        for (int minute = 0; minute < 2; minute++)
        {
            writer.Add(A, Start.AddMinutes(minute).AddSeconds(10), Temperature(20));
            writer.WriteClosedMinutes(Start.AddMinutes(minute + 1).AddSeconds(2));
        }

        Assert.Empty(_store.Store.StoredMinutes(A, Start.UtcDateTime, Start.UtcDateTime.AddHours(1)));
        Assert.Equal((0, 2), (_status.Counters.LiveMinutesWritten, _status.Counters.LiveMinutesDiscarded));
        Assert.False(_status.Clock.Sane);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Message.StartsWith("Live minutes are not stored: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_held_minute_drops_an_implausible_value_as_the_store_would_before_the_API_sees_it()
    {
        LiveMinuteWriter writer = Writer(new BleOptions());
        writer.Add(A, Start.AddSeconds(10), new LiveSample(null, null, null, null, 300, 40, null)); // a GATT glitch: 300 °C

        writer.WriteClosedMinutes(Start.AddMinutes(1).AddSeconds(2));

        MinuteRecord held = Assert.Single(_unstored.Find(A, Start.UtcDateTime, Start.UtcDateTime.AddHours(1)));
        Assert.Equal((null, 40.0), (held.T, held.H));
    }

    [Fact]
    public void With_the_default_interval_minutes_wait_in_memory_where_the_API_sees_them_and_history_replaces_them()
    {
        var recorder = new LiveWriteRecorder(_store.Store, _time);
        LiveMinuteWriter writer = Writer(new BleOptions(), recorder);
        for (int minute = 0; minute < 90; minute++)
            CloseMinute(writer, minute);

        Assert.Empty(recorder.LiveWrites);
        Assert.Equal(90, _unstored.Find(A, Start.UtcDateTime, Start.UtcDateTime.AddHours(2)).Count);
        Assert.Equal(21.0, _unstored.Find(A, Start.UtcDateTime.AddMinutes(1), Start.UtcDateTime.AddMinutes(2)).Single().T);

        // The hourly history of device A arrives for its first hour: those live minutes are not needed any more.
        List<MinuteRecord> history = [.. Enumerable.Range(0, 60).Select(i => new MinuteRecord { Device = A, Time = Start.UtcDateTime.AddMinutes(i), Source = MinuteSource.History, T = 20 })];
        writer.HistoryStored(A, history, _store.Store.Write(history));
        Assert.Equal(30, _unstored.Find(A, DateTime.MinValue, DateTime.MaxValue).Count);

        // B's history never came: its oldest minute waited the two hours, and every held minute goes in one write.
        for (int minute = 90; minute < 120; minute++)
            CloseMinute(writer, minute);
        Assert.Empty(recorder.LiveWrites);
        CloseMinute(writer, 120);
        var (at, records) = Assert.Single(recorder.LiveWrites);
        Assert.Equal(Start.AddMinutes(121).AddSeconds(2), at);
        Assert.Equal(121 + 61, records.Count);
        Assert.Equal(0, _unstored.Count);
    }

    [Fact]
    public void A_store_that_fails_keeps_the_minutes_in_memory_and_writes_them_once_it_works()
    {
        IMinuteStore store = Substitute.For<IMinuteStore>();
        store.Write(Arg.Any<IReadOnlyCollection<MinuteRecord>>()).Returns(_ => throw new IOException("No space left on device"), _ => throw new IOException("No space left on device"), _ => WriteResult.Empty);
        LiveMinuteWriter writer = Writer(store: store);

        CloseMinute(writer, 0);
        CloseMinute(writer, 1);

        Assert.Equal(4, _unstored.Count);
        Assert.Equal(0, _status.Counters.LiveMinutesDiscarded);
        Assert.Contains("Could not store 4 live minutes: No space left on device. They stay in memory", _status.LastError?.Message, StringComparison.Ordinal);
        CloseMinute(writer, 2);
        Assert.Equal(0, _unstored.Count);
        Assert.Equal(6, _status.Counters.LiveMinutesWritten);
        store.Received(1).Write(Arg.Is<IReadOnlyCollection<MinuteRecord>>(batch => batch.Count == 6));
    }

    [Fact]
    public async Task While_writes_fail_the_loop_tries_again_every_15_seconds_not_only_at_the_next_minute()
    {
        var clock = new WaitAwareClock(_time);
        IMinuteStore store = Substitute.For<IMinuteStore>();
        var writes = new List<DateTimeOffset>();
        store.Write(Arg.Any<IReadOnlyCollection<MinuteRecord>>()).Returns(
            _ => { writes.Add(_time.GetUtcNow()); throw new IOException("No space left on device"); },
            _ => { writes.Add(_time.GetUtcNow()); return WriteResult.Empty; });
        LiveMinuteWriter writer = Writer(store: store, time: clock);
        writer.Add(A, Start.AddSeconds(10), Temperature(20));
        using var stop = new CancellationTokenSource();
        Task loop = writer.RunAsync(stop.Token);

        await clock.WaitingAsync();
        _time.Advance(TimeSpan.FromSeconds(62));              // the minute closes; its write fails
        await Eventually.UntilAsync(() => writes.Count == 1 && clock.Armed > 0, "the failed write and the next wait");
        _time.Advance(LiveMinuteWriter.RetryInterval);         // the retry, well before 12:02:02
        await Eventually.UntilAsync(() => _status.Counters.LiveMinutesWritten == 1, "the minute written on the retry");

        Assert.Equal([Start.AddSeconds(62), Start.AddSeconds(62) + LiveMinuteWriter.RetryInterval], writes);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact]
    public void While_writes_fail_memory_holds_at_most_the_limit_and_the_oldest_are_dropped()
    {
        IMinuteStore failing = Substitute.For<IMinuteStore>();
        failing.Write(Arg.Any<IReadOnlyCollection<MinuteRecord>>()).Returns(_ => throw new IOException("No space left on device"));
        var unstored = new UnstoredLiveMinutes(100);
        LiveMinuteWriter writer = Writer(new BleOptions { LiveWriteInterval = TimeSpan.Zero, UnstoredLiveLimit = 100 }, failing, unstored: unstored);

        for (int minute = 0; minute < 60; minute++)
            CloseMinute(writer, minute);

        Assert.Equal(100, unstored.Count);
        Assert.Equal(20, _status.Counters.LiveMinutesDiscarded);
        Assert.Empty(unstored.Find(A, Start.UtcDateTime, Start.UtcDateTime.AddMinutes(10)));  // the oldest went first
        Assert.Equal(50, unstored.Find(A, DateTime.MinValue, DateTime.MaxValue).Count);
    }

    [Fact]
    public void A_minute_the_store_refuses_costs_only_its_own_device_the_write()
    {
        IMinuteStore store = Substitute.For<IMinuteStore>();
        store.Write(Arg.Any<IReadOnlyCollection<MinuteRecord>>()).Returns(call =>
            call.Arg<IReadOnlyCollection<MinuteRecord>>().Any(record => record.Device == B)
                ? throw new ArgumentException("Record 1 of the batch: T is NaN")
                : new WriteResult(call.Arg<IReadOnlyCollection<MinuteRecord>>().Count, 0, 0, 0, []));
        LiveMinuteWriter writer = Writer(store: store);

        CloseMinute(writer, 0);

        store.Received(1).Write(Arg.Is<IReadOnlyCollection<MinuteRecord>>(batch => batch.All(record => record.Device == A)));
        Assert.Equal((2, 1), (_status.Counters.LiveMinutesWritten, _status.Counters.LiveMinutesDiscarded));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Message.StartsWith($"The store refused the 1 live minutes of {B}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_loop_closes_each_minute_when_the_clock_passes_its_end()
    {
        var clock = new WaitAwareClock(_time);
        LiveMinuteWriter writer = Writer(time: clock);
        writer.Add(A, Start.AddSeconds(10), Temperature(20));
        using var stop = new CancellationTokenSource();
        Task loop = writer.RunAsync(stop.Token);

        await clock.WaitingAsync(); // until 12:01:02
        Assert.Equal(0, _status.Counters.LiveMinutesWritten);
        _time.Advance(TimeSpan.FromSeconds(62));
        await Eventually.UntilAsync(() => _status.Counters.LiveMinutesWritten == 1, "the minute written");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }
}
