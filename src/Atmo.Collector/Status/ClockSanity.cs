namespace Atmo.Collector.Status;

/// <param name="Sane">True when history may be synced.</param>
/// <param name="Reason">Why not, for a person; null when sane.</param>
public sealed record ClockSanity(bool Sane, string? Reason, DateTimeOffset CheckedAt)
{
    public static ClockSanity Unchecked { get; } = new(true, null, DateTimeOffset.MinValue);
}
