namespace Atmo.Collector.Options;

/// <summary>Configuration section <c>Ble</c>: the adapter and how the radio is shared.</summary>
public sealed class BleOptions
{
    public const string SectionName = "Ble";

    /// <summary>
    /// Collect every Atmotube PRO that appears (identified by name ATMOTUBE or its service UUID, never
    /// by company id 0xFFFF alone). Default: true when no <c>Devices</c> are configured, false otherwise
    /// (then only the configured devices are collected).
    /// </summary>
    public bool? AutoDiscover { get; set; }

    /// <summary>
    /// The adapter: a name (<c>hci0</c>) or its address (<c>00:1A:7D:DA:71:13</c>). Default null: the first
    /// powered adapter BlueZ lists (or the first one, powered on by the collector).
    /// </summary>
    public string? Adapter { get; set; }

    /// <summary>
    /// D-Bus address of the bus BlueZ is on. Default null: <c>DBUS_SYSTEM_BUS_ADDRESS</c> when set, else the
    /// system bus socket. <c>--simulate</c> sets it to the private bus of the emulator.
    /// </summary>
    public string? BusAddress { get; set; }

    /// <summary>Silence (no advertisement at all) after which the watchdog restarts discovery, while devices are expected. Default 90 s.</summary>
    public TimeSpan WatchdogSilence { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How often the watchdog looks. Default 10 s.</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A device not heard for this long while discovery runs is absent; when it is heard again its history is downloaded at once. Default 10 min.</summary>
    public TimeSpan AbsenceThreshold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest time one device may hold the radio (connect + history download); then the session is cancelled without acknowledging the batch in flight. Default 5 min.</summary>
    public TimeSpan MaxConnectionHold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Hold of a device that has not proven itself (never completed a download, or its last visit failed) until its
    /// first history batch is stored; then <see cref="MaxConnectionHold"/> applies. It bounds what failing devices
    /// cost the working ones: one such hold at most, whatever their number (docs/collector.md, "Fairness"). Must cover
    /// connecting, waiting for the request window (up to 15 s) and the first reply. Default 2 min.
    /// </summary>
    public TimeSpan FailingDeviceHold { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Most auto-discovered devices collected at once; configured <c>Devices</c> never count and are never
    /// displaced. A device is adopted after <see cref="Devices.AdoptionRule.Sightings"/> plausible advertisements
    /// over at least <see cref="Devices.AdoptionRule.Span"/>; when the cap is reached, further ones are ignored
    /// (logged once) until an adopted one is forgotten. Default 10.
    /// </summary>
    public int MaxAutoDiscovered { get; set; } = 10;

    /// <summary>
    /// An auto-discovered device not heard for this long is forgotten: it leaves memory, <c>/metrics</c> and its
    /// place under <see cref="MaxAutoDiscovered"/> (its stored minutes stay). When it returns it is adopted again
    /// and its history, kept 10 days on the unit, is downloaded. Default 1 day.
    /// </summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Longest back-off after repeated failures of one device. Default 30 min.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Delay after a live minute ends before it is written, so late advertisements still count. Default 2 s.</summary>
    public TimeSpan MinuteCloseGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest time a closed live minute waits in memory for the device's history before it is written; when the
    /// oldest has waited this long, every held minute of every device goes into one write. Default 2 h. The history,
    /// downloaded every <c>History:IntervalMinutes</c> (60), outranks live minutes and replaces them in memory, so
    /// with the default nearly no live minute is written: the SD card's wear budget (docs/storage.md, "Wear budget").
    /// The API shows held minutes at once. Nothing acknowledged is risked: a crash or power cut loses held live minutes
    /// only until the next history download restores them. 0 writes every minute as it closes (the old behaviour,
    /// ≈ 14 MB per device-day written to the card).
    /// </summary>
    public TimeSpan LiveWriteInterval { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Most live minutes held in memory, all devices together (100…1,000,000); beyond it they are written early, and
    /// while writes fail (a full disk) the oldest are dropped (the devices' history restores them). Default 20,000
    /// (≈ 5 MB; 10 devices × 33 h).
    /// </summary>
    public int UnstoredLiveLimit { get; set; } = 20_000;

    /// <summary>Least time between two discovery restarts by the watchdog. Default 90 s.</summary>
    public TimeSpan RestartDiscoveryEvery { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Least time between two removals of stale device objects by the watchdog. Default 10 min.</summary>
    public TimeSpan RemoveDevicesEvery { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Least time between two adapter power cycles by the watchdog. Default 30 min.</summary>
    public TimeSpan PowerCycleEvery { get; set; } = TimeSpan.FromMinutes(30);
}
