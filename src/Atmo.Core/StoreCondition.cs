namespace Atmo.Core;

/// <summary>The minute store's condition (<see cref="IStoreHealth"/>).</summary>
/// <param name="Failure">Null while the last commit succeeded (or none was due); else why the last one failed, and what to do.</param>
/// <param name="FailingSince">When the first of the failed commits in a row happened.</param>
/// <param name="LastCommit">When the last commit succeeded (null: none since start).</param>
public sealed record StoreCondition(string? Failure, DateTimeOffset? FailingSince, DateTimeOffset? LastCommit)
{
    public static readonly StoreCondition Healthy = new(null, null, null);

    public bool Writable => Failure is null;
}
