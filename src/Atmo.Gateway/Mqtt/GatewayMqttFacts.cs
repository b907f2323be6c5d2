using System.Diagnostics;
using Atmo.Collector.Options;
using Atmo.Core;
using Atmo.Core.Operations;
using Atmo.Gateway.Devices;
using Atmo.Gateway.Health;
using Atmo.Mqtt.Facts;
using Atmo.Sync;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Mqtt;

/// <summary>
/// The gateway's facts for MQTT: devices configured, heard or stored (as <c>GET /api/v1/devices</c> lists them), their
/// names (<c>Devices:N:Name</c>, else the advertised name, else the MAC), presence (heard within
/// <c>Ble:AbsenceThreshold</c>), readiness as <c>/readyz</c> answers it, and the last cloud sync. Readiness is
/// asked at most once a minute: its database check writes a probe file, and an SD card should not pay for MQTT.
/// </summary>
internal sealed class GatewayMqttFacts(
    IMinuteStore store, IDeviceLiveInfo live, IConfiguration configuration, IOptions<CollectorOptions> collector,
    ReadinessProbe readiness, ISyncStatus sync, TimeProvider timeProvider) : IGatewayFacts
{
    private static readonly TimeSpan ReadinessRefresh = TimeSpan.FromMinutes(1);

    private bool _ready;
    private long _readinessCheckedAt = long.MinValue;

    public async ValueTask<GatewayFacts> ReadGatewayAsync(CancellationToken cancellationToken)
    {
        if (_readinessCheckedAt == long.MinValue || Stopwatch.GetElapsedTime(_readinessCheckedAt) >= ReadinessRefresh)
        {
            _ready = (await readiness.RunAsync(cancellationToken)).Ready;
            _readinessCheckedAt = Stopwatch.GetTimestamp();
        }

        return new GatewayFacts(_ready, Known().Count, sync.Enabled ? sync.LastRunAt : null);
    }

    public IReadOnlyList<AtmotubeFacts> ReadDevices()
    {
        Dictionary<MacAddress, string> names = ConfiguredNames();
        DateTimeOffset now = timeProvider.GetUtcNow();
        TimeSpan absence = collector.Value.Ble.AbsenceThreshold;
        return [.. Known().Select(mac =>
        {
            DeviceLiveInfo? info = live.Find(mac);
            string name = names.GetValueOrDefault(mac) ?? info?.Name ?? mac.ToString();
            bool present = info?.LastSeen is { } seen && now - seen <= absence;
            return new AtmotubeFacts(mac, name, info?.Firmware, present, info?.BatteryPercent, info?.Rssi, info?.LastSeen);
        })];
    }

    private SortedSet<MacAddress> Known() => KnownDevices.Read(store, live, configuration);

    private Dictionary<MacAddress, string> ConfiguredNames()
    {
        var names = new Dictionary<MacAddress, string>();
        foreach (DeviceOptions device in collector.Value.Devices)
        {
            if (device.Name is { Length: > 0 } name && MacAddress.TryParse(device.Mac, out MacAddress mac))
                names[mac] = name;
        }

        return names;
    }
}
