using Atmo.Core.Operations;

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
