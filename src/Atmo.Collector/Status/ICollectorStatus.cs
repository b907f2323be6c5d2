using Atmo.Core;

namespace Atmo.Collector.Status;

/// <summary>
/// What the collector is doing, for <c>/readyz</c>, metrics and the systemd watchdog. Thread-safe; every
/// property is a snapshot.
/// </summary>
public interface ICollectorStatus
{
    /// <summary>The adapter in use (e.g. /org/bluez/hci0) and whether it is present, powered and scanning.</summary>
    AdapterState Adapter { get; }

    /// <summary>True while bluetoothd owns org.bluez on the bus.</summary>
    bool BlueZReachable { get; }

    /// <summary>Per device: label, last advertisement, last history sync, failures, back-off.</summary>
    IReadOnlyList<DeviceState> Devices { get; }

    /// <summary>Whether history may be synced now, and why not.</summary>
    ClockSanity Clock { get; }

    /// <summary>The last error of the collector as a whole (BlueZ, adapter, storage), with its time; null when none yet.</summary>
    CollectorError? LastError { get; }

    /// <summary>
    /// The last real progress: an advertisement processed, a minute written or a history batch stored. Tie the
    /// systemd watchdog to it: no progress for several minutes while devices are expected means the collector is stuck.
    /// Null until the first progress.
    /// </summary>
    DateTimeOffset? LastProgress { get; }

    /// <summary>
    /// When the collector's watchdog loop last completed a round (every <c>Ble:WatchdogInterval</c>):
    /// the collector is alive even while no device is in range.
    /// </summary>
    DateTimeOffset? LastWatchdogRound { get; }

    /// <summary>Counters since start, for metrics.</summary>
    CollectorCounters Counters { get; }
}

/// <param name="Path">BlueZ object path, null while none is selected.</param>
public sealed record AdapterState(string? Path, bool Present, bool Powered, bool Scanning, bool PausedForConnection);

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
}

/// <param name="Sane">True when history may be synced.</param>
/// <param name="Reason">Why not, for a person; null when sane.</param>
public sealed record ClockSanity(bool Sane, string? Reason, DateTimeOffset CheckedAt)
{
    public static ClockSanity Unchecked { get; } = new(true, null, DateTimeOffset.MinValue);
}

public sealed record CollectorError(DateTimeOffset Time, string Message);

public sealed record CollectorCounters(
    long Advertisements,
    long LiveMinutesWritten,
    long LiveMinutesDiscarded,
    long HistoryBatchesStored,
    long HistoryRecordsStored,
    long HistorySessions,
    long HistoryFailures,
    long WatchdogActions,
    long GattReads);
