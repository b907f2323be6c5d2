using Atmo.Core;

namespace Atmo.Collector.Status;

/// <param name="LastAdvertisement">Last decoded advertisement of this device (collector clock).</param>
/// <param name="LastHistorySync">End of the last history download that completed.</param>
/// <param name="LastSyncOutcome">How the last download ended (Completed, LinkLost, …), null before the first.</param>
/// <param name="ConsecutiveFailures">Failed connections/downloads since the last success.</param>
/// <param name="BackoffUntil">No connection before this time (after failures).</param>
/// <param name="LastError">The last failure of this device, for a person.</param>
public sealed record DeviceState(
    MacAddress Address,
    string? Name,
    bool Configured,
    DateTimeOffset? LastAdvertisement,
    DateTimeOffset? LastHistorySync,
    string? LastSyncOutcome,
    int ConsecutiveFailures,
    DateTimeOffset? BackoffUntil,
    string? LastError)
{
    /// <summary>From the latest pm payload, e.g. "74051E"; null until one was heard.</summary>
    public string? Firmware { get; init; }

    /// <summary>From the latest base payload; null until one was heard.</summary>
    public int? BatteryPercent { get; init; }

    /// <summary>Signal strength of the latest advertisement, dBm.</summary>
    public int? Rssi { get; init; }

    /// <summary>History minutes whose device time was refused (before 2016, or later than now + 1 min) since start; they were quarantined or re-anchored, never stored as stamped.</summary>
    public long TimeRefusedMinutes { get; init; }

    /// <summary>History minutes left in the quarantine by this process's visits.</summary>
    public int QuarantinedMinutes { get; init; }

    /// <summary>History minutes stored re-anchored by this process's visits.</summary>
    public int ReanchoredMinutes { get; init; }

    /// <summary>The shift of the latest re-anchoring; null when none.</summary>
    public TimeSpan? LastTimeBaseShift { get; init; }
}
