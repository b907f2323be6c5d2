using System.Diagnostics;

namespace Atmo.Collector.Tests.Support;

/// <summary>
/// A clock that starts at the real time and runs <c>speed</c> times faster — its timers too, so a collector on it
/// closes a minute every 60/speed real seconds. Shared by the emulated units (their history memory) and the
/// collector, so both agree on every minute.
/// </summary>
internal sealed class ScaledTimeProvider(double speed) : TimeProvider
{
    private readonly DateTimeOffset _start = System.GetUtcNow();
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();

    public double Speed => speed;

    public override DateTimeOffset GetUtcNow() => _start + Stopwatch.GetElapsedTime(_startTimestamp) * speed;

    public override long GetTimestamp() => _startTimestamp + (long)((Stopwatch.GetTimestamp() - _startTimestamp) * speed);

    public override long TimestampFrequency => Stopwatch.Frequency;

    /// <summary>Real time that corresponds to <paramref name="scaled"/> on this clock.</summary>
    public TimeSpan Real(TimeSpan scaled) => scaled / speed;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan t) => t == Timeout.InfiniteTimeSpan || t <= TimeSpan.Zero ? t : t / speed;

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
