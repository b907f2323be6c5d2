using Atmo.Ble.Devices;
using Atmo.Core;

namespace Atmo.Collector.Options;

/// <summary>Everything the collector reads from configuration: <c>Devices</c>, <c>Ble</c>, <c>History</c>.</summary>
public sealed class CollectorOptions
{
    public const string DevicesSection = "Devices";

    /// <summary>Section of the advanced connect and scan tuning, <see cref="Central"/>.</summary>
    public const string CentralSection = "Ble:Central";

    /// <summary>Configured devices (<c>Devices:0:Mac</c> …). Default empty: collect every Atmotube PRO in range.</summary>
    public List<DeviceOptions> Devices { get; set; } = [];

    /// <summary>Section <c>Ble</c>. Defaults: see <see cref="BleOptions"/>.</summary>
    public BleOptions Ble { get; set; } = new();

    /// <summary>Section <c>History</c>. Defaults: see <see cref="HistoryOptions"/>.</summary>
    public HistoryOptions History { get; set; } = new();

    /// <summary>Earliest plausible time of the system clock (clock sanity). Default null: the build date of the collector.</summary>
    public DateTimeOffset? ClockNotBefore { get; set; }

    /// <summary>
    /// Connect and scan tuning of the Bluetooth layer (advanced: <c>Ble:Central:ScanBeforeConnectTimeout</c>,
    /// <c>…:ServicesResolvedTimeout</c>, <c>…:RetryDelay</c>, <c>…:DiscoveryRestartInterval</c>). Default: its own defaults.
    /// Its <c>Adapter</c> is not used: the collector connects through the adapter it resolved from <see cref="BleOptions.Adapter"/>.
    /// </summary>
    public AtmotubeCentralOptions Central { get; set; } = new();

    /// <summary>The effective auto-discovery switch: <see cref="BleOptions.AutoDiscover"/>, else true exactly when no device is configured.</summary>
    public bool EffectiveAutoDiscover => Ble.AutoDiscover ?? Devices.Count == 0;

    /// <summary>Configured devices by address (call after validation).</summary>
    public IReadOnlyDictionary<MacAddress, DeviceOptions> DevicesByAddress() =>
        Devices.ToDictionary(d => MacAddress.Parse(d.Mac!), d => d);
}
