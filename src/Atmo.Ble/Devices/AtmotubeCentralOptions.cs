namespace Atmo.Ble.Devices;

/// <summary>How the gateway scans for and connects to Atmotube units on one adapter.</summary>
public sealed record AtmotubeCentralOptions
{
    /// <summary>Adapter name, e.g. "hci0". Default null: the first adapter BlueZ lists.</summary>
    public string? Adapter { get; set; }

    /// <summary>How long to scan for a device BlueZ has no object for before connecting. Default 10 s.</summary>
    public TimeSpan ScanBeforeConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connect attempts on InProgress / Failed / timeout (others retry 3 or 4 times). Default 3.</summary>
    public int ConnectAttempts { get; set; } = 3;

    /// <summary>Pause before a retry, multiplied by the attempt number. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long to wait for ServicesResolved after Connect. Default 15 s.</summary>
    public TimeSpan ServicesResolvedTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>StartDiscovery attempts while BlueZ answers InProgress. Default 5.</summary>
    public int StartDiscoveryAttempts { get; set; } = 5;

    /// <summary>
    /// While scanning, stop and start discovery this often, because a long-running BlueZ discovery can
    /// silently stop delivering results (§6). Null = never. Default 10 min.
    /// </summary>
    public TimeSpan? DiscoveryRestartInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Advertisements buffered per observer before the oldest are dropped. Default 4096.</summary>
    public int ObservationBuffer { get; set; } = 4096;
}
