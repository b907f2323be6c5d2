namespace Atmo.Simulator;

/// <summary>How the emulated BlueZ and its Atmotube PRO units behave.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Number of emulated Atmotube PRO units. Default 1.</summary>
    public int Devices { get; set; } = 1;

    /// <summary>Seed for addresses, values and advertising choices; same seed, same run. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>ATT MTU each connection negotiates: 23 (1 record per HD) or 247 (15). Default 247.</summary>
    public int Mtu { get; set; } = 247;

    /// <summary>Records each unit already holds at start (unsynced), at most 14,400. Default 60.</summary>
    public int InitialRecords { get; set; } = 60;

    /// <summary>
    /// The units' own clock: one history record per minute of it. Default <see cref="TimeProvider.System"/>.
    /// An accelerated clock fills memory faster (the stamped times then follow HST, as on a real unit).
    /// </summary>
    public TimeProvider DeviceClock { get; set; } = TimeProvider.System;

    /// <summary>Clock for protocol timing (advertising, ack timeout, delays). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Timers { get; set; } = TimeProvider.System;

    /// <summary>Time between advertisements of one unit while discovery is on. Default 100 ms (a real PRO: ≈ 500 ms).</summary>
    public TimeSpan AdvertisingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Period of live GATT notifications while a client is subscribed. Default 2 s (§3).</summary>
    public TimeSpan LiveNotificationInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a unit waits for HOK before sending the batch again (§4.6). Default 5 s.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a unit re-sends an unacknowledged batch before going silent. Default 3.</summary>
    public int MaxResends { get; set; } = 3;

    /// <summary>Most records in one batch (HT count is one byte). Default 255.</summary>
    public int MaxBatchRecords { get; set; } = 255;

    /// <summary>Time from Connect to Connected. Default 20 ms.</summary>
    public TimeSpan ConnectLatency { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long Connect tries before failing when the unit does not answer. Default 2 s (BlueZ: longer).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
