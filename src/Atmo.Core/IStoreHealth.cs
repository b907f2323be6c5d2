namespace Atmo.Core;

/// <summary>
/// Whether the minute store can commit, by its own last real commit: what <c>/readyz</c> reports as
/// <c>database</c> and what the systemd watchdog counts as progress. A store that failed recovers by itself
/// once the cause (a full disk, a read-only remount) is gone.
/// </summary>
public interface IStoreHealth
{
    StoreCondition Condition { get; }
}

/// <param name="Failure">Null while the last commit succeeded (or none was due); else why the last one failed, and what to do.</param>
/// <param name="FailingSince">When the first of the failed commits in a row happened.</param>
/// <param name="LastCommit">When the last commit succeeded (null: none since start).</param>
public sealed record StoreCondition(string? Failure, DateTimeOffset? FailingSince, DateTimeOffset? LastCommit)
{
    public static readonly StoreCondition Healthy = new(null, null, null);

    public bool Writable => Failure is null;
}
