using Atmo.Core;
using Atmo.Core.Operations;

namespace Atmo.Collector.Status;

/// <summary>What the collector knows of each device, for <c>GET /api/v1/devices</c>.</summary>
public sealed class CollectorDeviceInfo(ICollectorStatus status) : IDeviceLiveInfo
{
    public IReadOnlyCollection<MacAddress> Known => [.. status.Devices.Select(d => d.Address)];

    public DeviceLiveInfo? Find(MacAddress device) =>
        status.Devices.FirstOrDefault(d => d.Address == device) is { } state
            ? new DeviceLiveInfo(state.Name, state.Firmware, state.BatteryPercent, state.LastAdvertisement, state.Rssi, state.LastHistorySync)
            : null;
}
