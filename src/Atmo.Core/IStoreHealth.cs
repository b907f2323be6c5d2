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
