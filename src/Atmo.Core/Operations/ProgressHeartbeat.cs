namespace Atmo.Core.Operations;

/// <summary>
/// A ready-made <see cref="IProgressHeartbeat"/>: the work loop calls <see cref="Beat"/> after each
/// completed cycle. Thread-safe.
/// </summary>
/// <param name="maxSilence">How long the loop may go without a beat before it counts as hung.</param>
public sealed class ProgressHeartbeat(TimeProvider timeProvider, TimeSpan maxSilence) : IProgressHeartbeat
{
    private long _lastTicks; // UTC ticks; 0 = never

    public DateTimeOffset? LastProgress =>
        Interlocked.Read(ref _lastTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public TimeSpan MaxSilence => maxSilence;

    public void Beat() => Interlocked.Exchange(ref _lastTicks, timeProvider.GetUtcNow().UtcTicks);
}
