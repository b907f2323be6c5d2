using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Sync.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which timers are pending, so <see cref="RunAsync{T}"/>
/// can jump virtual time straight to the next timer whenever the system under test is idle (only
/// waiting on this clock). Minutes of rate-limited traffic then take milliseconds, and every wait
/// is proven to go through the TimeProvider: a wait on the real clock would simply hang the test.
/// </summary>
public sealed class VirtualClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentDictionary<TrackedTimer, DateTimeOffset> _pending = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this, callback);
        tracked.Arm(dueTime, period);
        tracked.Inner = base.CreateTimer(tracked.Fire, state, dueTime, period);
        return tracked;
    }

    public DateTimeOffset? NextDue
    {
        get
        {
            ICollection<DateTimeOffset> dues = _pending.Values;     // one snapshot: timers come and go concurrently
            return dues.Count == 0 ? null : dues.Min();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/>, advancing to the next pending timer each time nothing is busy
    /// for a few real milliseconds. Fails when more than <paramref name="maxVirtual"/> passes.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, Func<bool> busy, TimeSpan maxVirtual)
    {
        DateTimeOffset startedAt = GetUtcNow();
        Task<T> task = Task.Run(work);
        int idleChecks = 0;
        DateTimeOffset? lastDue = null;
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(1)).ConfigureAwait(false);
            DateTimeOffset? due = NextDue;
            if (busy() || due is null || due != lastDue)
            {
                idleChecks = 0;
                lastDue = due;
                continue;
            }
            if (++idleChecks < 3)
                continue;
            idleChecks = 0;
            DateTimeOffset now = GetUtcNow();
            if (now - startedAt > maxVirtual)
                throw new TimeoutException($"Still running after {maxVirtual} of virtual time.");
            Advance(due.Value > now ? due.Value - now : TimeSpan.Zero);
        }
        return await task.ConfigureAwait(false);
    }

    private sealed class TrackedTimer(VirtualClock clock, TimerCallback callback) : ITimer
    {
        private TimeSpan _period;

        public ITimer Inner { get; set; } = null!;

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
                clock._pending.TryRemove(this, out _);
            else
                clock._pending[this] = clock.GetUtcNow() + dueTime;
        }

        public void Fire(object? state)
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
                clock._pending.TryRemove(this, out _);
            else
                clock._pending[this] = clock.GetUtcNow() + _period;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock._pending.TryRemove(this, out _);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
