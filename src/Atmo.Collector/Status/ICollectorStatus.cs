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
