using System.Collections.Concurrent;
using Atmo.Core;
using Atmo.Core.Operations;
using Atmo.Gateway.Health;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Gateway.Tests.Health;

public sealed class SystemdWatchdogTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingNotifier _notifier;
    private readonly FakeLogger<SystemdWatchdog> _log = new();

    public SystemdWatchdogTests() => _notifier = new RecordingNotifier(_time);

    /// <summary>Every notification with the fake clock's time when it was sent.</summary>
    private sealed class RecordingNotifier(TimeProvider time) : ISystemdNotifier
    {
        public ConcurrentQueue<string> Sent { get; } = new();
        public ConcurrentQueue<TimeSpan> SentAt { get; } = new();
        public bool IsEnabled => true;

        public void Notify(ServiceState state)
        {
            SentAt.Enqueue(time.GetUtcNow() - Start);
            Sent.Enqueue(state.ToString());
        }
    }

    private sealed class Heartbeat : IProgressHeartbeat
    {
        public DateTimeOffset? LastProgress { get; set; }
        public TimeSpan MaxSilence { get; set; } = TimeSpan.FromSeconds(60);
    }

    private SystemdWatchdog Watchdog(TimeSpan? period, IProgressHeartbeat? heartbeat = null, IMinuteStore? store = null)
    {
        var services = new ServiceCollection();
        if (heartbeat is not null)
            services.AddSingleton(heartbeat);
        store ??= new InMemoryMinuteStore();
        return new SystemdWatchdog(_notifier, store, services.BuildServiceProvider(), _time,
            Options.Create(new WatchdogOptions { Period = period }), _log);
    }

    private async Task AdvanceUntilSent(int count)
    {
        await Eventually.UntilAsync(() => _notifier.Sent.Count >= count, $"{count} notification(s)");
        Assert.Equal(count, _notifier.Sent.Count);
    }

    private static TimeSpan[] Seconds(params int[] seconds) => [.. seconds.Select(s => TimeSpan.FromSeconds(s))];

    [Fact]
    public async Task Pings_at_start_and_every_half_period()
    {
        using SystemdWatchdog watchdog = Watchdog(TimeSpan.FromSeconds(120));
        await watchdog.StartAsync(CancellationToken.None);
        await AdvanceUntilSent(1);

        _time.Advance(TimeSpan.FromSeconds(59));
        _time.Advance(TimeSpan.FromSeconds(1));
        await AdvanceUntilSent(2);
        _time.Advance(TimeSpan.FromSeconds(60));
        await AdvanceUntilSent(3);

        Assert.All(_notifier.Sent, s => Assert.Equal("WATCHDOG=1", s));
        Assert.Equal(Seconds(0, 60, 120), _notifier.SentAt);   // none at 59 s
        await watchdog.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Sends_nothing_without_a_watchdog_period()
    {
        using SystemdWatchdog watchdog = Watchdog(null);
        await watchdog.StartAsync(CancellationToken.None);
        // It ends at once, without a timer: nothing can be sent later.
        await watchdog.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(20));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(_notifier.Sent);
        await watchdog.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stops_pinging_while_the_heartbeat_is_stale_and_resumes_when_it_is_fresh()
    {
        var heartbeat = new Heartbeat { LastProgress = Start };
        using SystemdWatchdog watchdog = Watchdog(TimeSpan.FromSeconds(120), heartbeat);
        await watchdog.StartAsync(CancellationToken.None);
        await AdvanceUntilSent(1);

        _time.Advance(TimeSpan.FromSeconds(60)); // 60 s silent: still allowed
        await AdvanceUntilSent(2);
        _time.Advance(TimeSpan.FromSeconds(60)); // 120 s silent: hung, no ping
        await Eventually.UntilAsync(() => _log.Collector.GetSnapshot().Any(r => r.Message.StartsWith("Not feeding", StringComparison.Ordinal)), "the watchdog holding back");

        // Progress again: a later cycle pings.
        await Eventually.UntilAsync(() =>
        {
            heartbeat.LastProgress = _time.GetUtcNow();
            if (_notifier.Sent.Count < 3)
                _time.Advance(TimeSpan.FromSeconds(1));
            return _notifier.Sent.Count == 3;
        }, "a ping once progress resumed");
        Assert.Equal(Seconds(0, 60), _notifier.SentAt.Take(2));
        Assert.True(_notifier.SentAt.Last() >= TimeSpan.FromSeconds(180), "no ping at 120 s");
        await watchdog.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Does_not_count_as_progressing_while_the_stores_last_commit_failed()
    {
        var store = new HealthReportingStore { Reported = new StoreCondition("the disk is full", Start, null) };
        using SystemdWatchdog watchdog = Watchdog(TimeSpan.FromSeconds(120), store: store);
        Assert.Equal("database: the disk is full", watchdog.Progressing(null));

        store.Reported = new StoreCondition(null, null, Start.AddMinutes(1));
        Assert.Null(watchdog.Progressing(null));
    }


    [Theory]
    [InlineData("120000000", null, 120.0)]
    [InlineData("120000000", "42", 120.0)]
    [InlineData("120000000", "43", null)]
    [InlineData(null, null, null)]
    [InlineData("0", null, null)]
    [InlineData("x", null, null)]
    public void The_period_comes_from_WATCHDOG_USEC_for_this_process(string? usec, string? pid, double? seconds)
    {
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, WatchdogOptions.PeriodFromEnvironment(usec, pid, 42));
    }
}
