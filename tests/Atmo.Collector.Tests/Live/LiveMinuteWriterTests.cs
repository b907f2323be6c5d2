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

    private LiveMinuteWriter Writer(BleOptions? options = null, IMinuteStore? store = null, DateTimeOffset? notBefore = null, TimeProvider? time = null)
    {
        store ??= _store.Store;
        var clock = new ClockGuard(StoreParts.Require<IClockEvidence>(_store.Store), _status, notBefore ?? Start.AddYears(-1));
        return new LiveMinuteWriter(options ?? new BleOptions(), store, clock, _status, (_, record) => record with { Latitude = 52.5, Longitude = 13.25 }, time ?? _time, _logger);
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
    public void A_store_that_fails_loses_that_write_only_and_the_status_says_why()
    {
        IMinuteStore failing = Substitute.For<IMinuteStore>();
        failing.Write(Arg.Any<IReadOnlyCollection<MinuteRecord>>()).Returns(_ => throw new IOException("No space left on device"));
        LiveMinuteWriter writer = Writer(store: failing);
        writer.Add(A, Start.AddSeconds(10), Temperature(20));

        writer.WriteClosedMinutes(Start.AddSeconds(62));

        Assert.Equal(1, _status.Counters.LiveMinutesDiscarded);
        Assert.Contains("Could not store 1 live minutes: No space left on device", _status.LastError?.Message, StringComparison.Ordinal);
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
