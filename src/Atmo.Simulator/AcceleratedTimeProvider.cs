namespace Atmo.Simulator;

/// <summary>A clock that starts at the real time and runs <c>speed</c> times faster (demo mode).</summary>
public sealed class AcceleratedTimeProvider(TimeProvider real, double speed) : TimeProvider
{
    private readonly DateTimeOffset _start = real.GetUtcNow();
    private readonly long _startTimestamp = real.GetTimestamp();

    public override DateTimeOffset GetUtcNow() =>
        _start + real.GetElapsedTime(_startTimestamp) * speed;
}
