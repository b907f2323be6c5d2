namespace Atmo.Sync;

/// <summary>Cloud sync state for health checks and metrics.</summary>
public interface ISyncStatus
{
    /// <summary>False when no API key is configured.</summary>
    bool Enabled { get; }

    /// <summary>True while a pass runs.</summary>
    bool Running { get; }

    /// <summary>When the last pass finished, or null.</summary>
    DateTimeOffset? LastRunAt { get; }

    SyncSummary? LastSummary { get; }

    /// <summary>Requests let through by the rate limiter in the current wall-clock minute.</summary>
    int RequestsThisMinute { get; }

    /// <summary>Circuit breaker state: Closed, Open, HalfOpen or Isolated.</summary>
    string CircuitState { get; }

    /// <summary>Minutes filled from the cloud since the process started.</summary>
    long MinutesFilled { get; }

    /// <summary>Ranges planned by the last pass that it did not complete (failed or not reached).</summary>
    int RangesPending { get; }

    /// <summary>Device-days waiting for their back-off or given up.</summary>
    int DaysBackedOff { get; }
}
