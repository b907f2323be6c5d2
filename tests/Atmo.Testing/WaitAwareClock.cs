namespace Atmo.Testing;

/// <summary>
/// A test clock (usually a <c>FakeTimeProvider</c>) that knows when the code under test waits on it: it counts the
/// timers armed through it (delays, timeouts, retry pauses), so a test moves fake time only once the code waits,
/// instead of guessing from real milliseconds that the code went idle.
/// </summary>
public sealed class WaitAwareClock(TimeProvider inner) : TimeProvider
{
    private readonly Lock _sync = new();
    private int _armed;
    private TaskCompletionSource _armedChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Timers armed now: due time set, not fired yet (one-shot), not disposed.</summary>
    public int Armed
    {
        get
        {
            lock (_sync)
                return _armed;
        }
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, period != Timeout.InfiniteTimeSpan);
        timer.Arm(dueTime != Timeout.InfiniteTimeSpan);
        timer.Inner = inner.CreateTimer(s =>
        {
            timer.Fired();
            callback(s);
        }, state, dueTime, period);
        return timer;
    }

    /// <summary>
    /// Completes once a timer is armed (the code waits on the clock), or <paramref name="orUntil"/> has completed.
    /// Fails after <paramref name="realSeconds"/> of wall-clock time.
    /// </summary>
    public async Task WaitingAsync(Task? orUntil = null, double realSeconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(realSeconds);
        while (orUntil?.IsCompleted != true)
        {
            Task changed;
            lock (_sync)
            {
                if (_armed > 0)
                    return;
                changed = _armedChanged.Task;
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            try
            {
                await (orUntil is null ? changed : Task.WhenAny(changed, orUntil)).WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Nothing waited on the clock within {realSeconds} s");
            }
        }
    }

    private void Count(int delta)
    {
        TaskCompletionSource changed;
        lock (_sync)
        {
            _armed += delta;
            changed = _armedChanged;
            if (delta > 0)
                _armedChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (delta > 0)
            changed.TrySetResult();
    }

    private sealed class WatchedTimer(WaitAwareClock clock, bool periodic) : ITimer
    {
        private readonly Lock _sync = new();
        private bool _armed;

        public ITimer? Inner { get; set; }

        public void Arm(bool armed)
        {
            int delta;
            lock (_sync)
            {
                delta = armed == _armed ? 0 : armed ? 1 : -1;
                _armed = armed;
            }

            if (delta != 0)
                clock.Count(delta);
        }

        public void Fired()
        {
            if (!periodic)
                Arm(false);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime != Timeout.InfiniteTimeSpan);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            Arm(false);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
