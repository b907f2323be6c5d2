using Atmo.Collector.Options;
using Atmo.Core;
using Microsoft.Extensions.Options;

namespace Atmo.Collector.Status;

/// <summary>The "bluetooth" check of <c>/readyz</c>: BlueZ reachable and the adapter present and powered.</summary>
public sealed class BluetoothReadinessCheck(ICollectorStatus status) : IReadinessCheck
{
    public string Name => ReadinessChecks.Bluetooth;

    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        AdapterState adapter = status.Adapter;
        CheckResult result =
            !status.BlueZReachable
                ? CheckResult.Fail("BlueZ is not reachable over D-Bus: install bluez and start it (systemctl start bluetooth); the service user must be in group 'bluetooth'")
            : !adapter.Present
                ? CheckResult.Fail("no Bluetooth adapter: plug in a dongle or enable the on-board radio (rfkill unblock bluetooth); check Ble:Adapter")
            : !adapter.Powered
                ? CheckResult.Fail($"adapter {adapter.Path} is powered off; the collector tries to power it on (if this stays, check 'rfkill list')")
            : CheckResult.Ok(adapter.PausedForConnection
                ? $"adapter {adapter.Path} powered, connected to a device (discovery paused)"
                : $"adapter {adapter.Path} powered, {(adapter.Scanning ? "discovering" : "not discovering")}, {status.Devices.Count} device(s) known");
        return ValueTask.FromResult(result);
    }
}

/// <summary>
/// What the systemd watchdog watches: the collector's own loop. Radio silence is not a reason to
/// restart the process (devices leave range; the collector's recovery ladder handles a stuck
/// adapter); a collector whose loop stopped turning is.
/// </summary>
public sealed class CollectorHeartbeat(ICollectorStatus status, IOptions<CollectorOptions> options) : IProgressHeartbeat
{
    public DateTimeOffset? LastProgress =>
        (status.LastWatchdogRound, status.LastProgress) switch
        {
            ({ } round, { } progress) => round > progress ? round : progress,
            (var round, var progress) => round ?? progress,
        };

    /// <summary>Six watchdog rounds, at least five minutes (a round may wait for slow D-Bus calls).</summary>
    public TimeSpan MaxSilence =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(5).Ticks, options.Value.Ble.WatchdogInterval.Ticks * 6));
}

/// <summary>What the collector knows of each device, for <c>GET /api/v1/devices</c>.</summary>
public sealed class CollectorDeviceInfo(ICollectorStatus status) : IDeviceLiveInfo
{
    public IReadOnlyCollection<MacAddress> Known => [.. status.Devices.Select(d => d.Address)];

    public DeviceLiveInfo? Find(MacAddress device) =>
        status.Devices.FirstOrDefault(d => d.Address == device) is { } state
            ? new DeviceLiveInfo(state.Name, state.Firmware, state.BatteryPercent, state.LastAdvertisement, state.Rssi, state.LastHistorySync)
            : null;
}
