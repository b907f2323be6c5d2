using System.Threading.Channels;
using Atmo.Ble.BlueZ;
using Atmo.Collector.Devices;
using Atmo.Collector.History;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Core.TimeBase;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Atmo.Collector.Tests.History;

/// <summary>When a device is visited, on a fake clock; the visit itself is recorded (and scripted) by the test.</summary>
public sealed class HistoryWorkerTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly MacAddress Address = MacAddress.Parse("C2:2B:4F:11:22:33");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly WaitAwareClock _clock;
    private readonly CollectorStatus _status = new();
    private readonly FakeLogger<HistoryWorker> _logger = new();
    private readonly TrackedDevice _device = new(Address, null);
    private readonly Channel<DateTimeOffset> _visits = Channel.CreateUnbounded<DateTimeOffset>();
    private readonly CancellationTokenSource _stop = new();
    private readonly CollectorOptions _options = new() { Ble = { AbsenceThreshold = TimeSpan.FromDays(1) } };
    private Task? _worker;

    public HistoryWorkerTests() => _clock = new WaitAwareClock(_time);

    /// <summary>Starts the worker; each visit is recorded, then <paramref name="failures"/> are thrown in turn, then it succeeds.</summary>
    private void StartWorker(DateTimeOffset? clockNotBefore = null, params Exception[] failures)
    {
        int visits = 0;
        var clock = new ClockGuard(Substitute.For<IClockEvidence>(), _status, clockNotBefore ?? Start.AddYears(-1));
        var worker = new HistoryWorker(_device, (device, _) =>
        {
            _visits.Writer.TryWrite(_time.GetUtcNow());
            if (visits < failures.Length)
                throw failures[visits++];
            device.Synced(_time.GetUtcNow()); // what a completed visit does
            return Task.CompletedTask;
        }, _options, clock, _status, _clock, _logger);
        _worker = worker.RunAsync(_stop.Token);
    }

    private async Task<DateTimeOffset> NextVisitAsync() => await _visits.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_worker is not null)
            await _worker.WaitAsync(TimeSpan.FromSeconds(20)); // it never throws, also not when stopped
        _stop.Dispose();
    }

    [Fact]
    public async Task A_device_in_range_is_visited_at_once_and_then_every_interval()
    {
        _device.Heard(Start, _options.Ble.AbsenceThreshold);
        StartWorker();

        Assert.Equal(Start, await NextVisitAsync());
        await _clock.WaitingAsync();
        _time.Advance(TimeSpan.FromMinutes(59)); // not due yet: no timer fires, nothing runs
        Assert.False(_visits.Reader.TryRead(out _));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Start.AddMinutes(60), await NextVisitAsync());
    }

    [Fact]
    public async Task A_device_not_heard_is_visited_as_soon_as_it_is()
    {
        StartWorker();

        await _clock.WaitingAsync(); // for a wake-up: the device has never been heard
        Assert.False(_visits.Reader.TryRead(out _));
        _time.Advance(TimeSpan.FromMinutes(5));
        _device.Heard(_time.GetUtcNow(), _options.Ble.AbsenceThreshold);
        Assert.Equal(Start.AddMinutes(5), await NextVisitAsync());
    }

    [Fact]
    public async Task A_failed_visit_is_tried_again_after_its_back_off_and_the_status_says_so()
    {
        _device.Heard(Start, _options.Ble.AbsenceThreshold);
        StartWorker(failures: new BlueZException(BlueZErrorKind.DoesNotExist, "Connect", null, "not in range"));

        Assert.Equal(Start, await NextVisitAsync());
        await _clock.WaitingAsync(); // the back-off
        DeviceState state = Assert.IsType<DeviceState>(_status.Device(Address));
        Assert.Equal(1, state.ConsecutiveFailures);
        DateTimeOffset until = Assert.NotNull(state.BackoffUntil);
        Assert.InRange(until - Start, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(75)); // 60 s ± 25 % for a device not found
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Message.StartsWith($"History of {Address} failed (attempt 1)", StringComparison.Ordinal));

        _time.Advance(until - Start - TimeSpan.FromSeconds(1));
        Assert.False(_visits.Reader.TryRead(out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(until, await NextVisitAsync());
    }

    [Fact]
    public async Task An_implausible_clock_holds_the_download_until_the_clock_is_right()
    {
        _device.Heard(Start, _options.Ble.AbsenceThreshold);
        StartWorker(clockNotBefore: Start.AddSeconds(25));

        for (int round = 0; round < 3; round++)
        {
            await _clock.WaitingAsync(); // Ble:WatchdogInterval (10 s) before it looks again
            Assert.False(_visits.Reader.TryRead(out _));
            Assert.False(_status.Clock.Sane);
            _time.Advance(_options.Ble.WatchdogInterval);
        }

        Assert.Equal(Start.AddSeconds(30), await NextVisitAsync());
        Assert.True(_status.Clock.Sane);
        Assert.Equal(3, _logger.Collector.GetSnapshot().Count(r => r.Message.StartsWith($"History of {Address} waits: The system clock says", StringComparison.Ordinal)));
    }
}
