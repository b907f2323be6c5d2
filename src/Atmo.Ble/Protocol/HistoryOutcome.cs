namespace Atmo.Ble.Protocol;

public enum HistoryOutcome
{
    /// <summary>The device went quiet after its last batch: everything it had was received.</summary>
    Completed,

    /// <summary>The device never answered the HST request.</summary>
    NoReply,

    /// <summary>A packet was inconsistent or implausible; the batch was not acknowledged.</summary>
    Rejected,

    /// <summary>The link dropped; the batch in flight was not acknowledged.</summary>
    LinkLost,

    /// <summary>The persistence callback failed; the batch was not acknowledged.</summary>
    PersistFailed,

    /// <summary>A packet did not arrive in time in the middle of a batch.</summary>
    TimedOut,

    /// <summary>Cancelled by the caller; the batch in flight was not acknowledged.</summary>
    Cancelled,
}
