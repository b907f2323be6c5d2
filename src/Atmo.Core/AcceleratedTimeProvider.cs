using System.Diagnostics;
using System.Globalization;

namespace Atmo.Core;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than the wall clock from <see cref="Origin"/> on, its timers
/// too. Tests and demos only: days of device time in minutes.
/// </summary>
/// <remarks>
/// Now is <c>Origin + (wall clock − Origin) × Speed</c>, a function of the system clock alone, so separate processes
/// given the same origin and speed (an emulator and a gateway killed and restarted) agree on every minute.
/// </remarks>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    /// <summary>
    /// Environment variable that puts the daemon on an accelerated clock: <c>SPEED</c> or <c>SPEED@ORIGIN</c>
    /// (ORIGIN an ISO-8601 UTC time; default the moment the process starts), e.g. <c>720@2026-11-27T00:00:00Z</c>.
    /// </summary>
    public const string EnvironmentVariable = "ATMO_EDGE_ACCELERATED_CLOCK";

    private readonly long _startTimestamp = Stopwatch.GetTimestamp();

    /// <param name="speed">Device seconds per wall-clock second, at least 1.</param>
    /// <param name="origin">The moment (wall clock) at which this clock equals the wall clock; default now.</param>
    public AcceleratedTimeProvider(double speed, DateTimeOffset? origin = null)
    {
        if (!double.IsFinite(speed) || speed < 1)
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "An accelerated clock runs at least as fast as the wall clock.");
        Speed = speed;
        Origin = origin ?? System.GetUtcNow();
    }

    public double Speed { get; }

    public DateTimeOffset Origin { get; }

    /// <summary>The clock <paramref name="value"/> (the environment variable's text) describes, or null when empty.</summary>
    /// <exception cref="FormatException">Not <c>SPEED</c> or <c>SPEED@ORIGIN</c>.</exception>
    public static AcceleratedTimeProvider? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        string[] parts = value.Split('@', 2);
        if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double speed) || !double.IsFinite(speed) || speed < 1)
            throw new FormatException($"{EnvironmentVariable}='{value}': the speed must be a number ≥ 1, e.g. 60 or 60@2026-11-27T00:00:00Z.");
        DateTimeOffset? origin = null;
        if (parts.Length == 2)
        {
            if (!DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
                throw new FormatException($"{EnvironmentVariable}='{value}': '{parts[1]}' is not an ISO-8601 time, e.g. 2026-11-27T00:00:00Z.");
            origin = parsed;
        }

        return new AcceleratedTimeProvider(speed, origin);
    }

    public override DateTimeOffset GetUtcNow() => Origin + (System.GetUtcNow() - Origin) * Speed;

    public override long GetTimestamp() => _startTimestamp + (long)((Stopwatch.GetTimestamp() - _startTimestamp) * Speed);

    public override long TimestampFrequency => Stopwatch.Frequency;

    /// <summary>Wall-clock time that <paramref name="accelerated"/> of this clock takes.</summary>
    public TimeSpan Real(TimeSpan accelerated) => accelerated / Speed;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new AcceleratedTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Speed}× from {Origin:O}");

    private TimeSpan Scale(TimeSpan t) => t == Timeout.InfiniteTimeSpan || t <= TimeSpan.Zero ? t : t / Speed;

    private sealed class AcceleratedTimer(ITimer inner, AcceleratedTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
