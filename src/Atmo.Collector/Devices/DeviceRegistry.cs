using System.Collections.Concurrent;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Core;

namespace Atmo.Collector.Devices;

/// <summary>
/// The devices this collector collects: the configured ones, and the discovered ones from the first time they are
/// heard. Each device is tracked once; <see cref="Added"/> runs exactly once per device, so it gets one history worker.
/// </summary>
internal sealed class DeviceRegistry
{
    private readonly IReadOnlyDictionary<MacAddress, DeviceOptions> _configured;
    private readonly CollectorStatus _status;
    private readonly ConcurrentDictionary<MacAddress, TrackedDevice> _devices = new();
    private readonly Lock _adding = new();

    public DeviceRegistry(IReadOnlyDictionary<MacAddress, DeviceOptions> configured, CollectorStatus status)
    {
        _configured = configured;
        _status = status;
        foreach (var (address, device) in configured)
            status.UpdateDevice(address, s => s with { Name = device.Name, Configured = true });
    }

    /// <summary>Runs once for every device that starts being tracked, before <see cref="Track"/> returns it.</summary>
    public event Action<TrackedDevice>? Added;

    public IReadOnlyCollection<MacAddress> Configured => [.. _configured.Keys];

    public bool IsConfigured(MacAddress address) => _configured.ContainsKey(address);

    public bool IsTracked(MacAddress address) => _devices.ContainsKey(address);

    public IEnumerable<TrackedDevice> Tracked => _devices.Values;

    public TrackedDevice Track(MacAddress address)
    {
        if (_devices.TryGetValue(address, out TrackedDevice? known))
            return known;
        lock (_adding)
        {
            if (_devices.TryGetValue(address, out known))
                return known;
            var device = new TrackedDevice(address, _configured.GetValueOrDefault(address));
            _devices[address] = device;
            _status.UpdateDevice(address, s => s with { Name = device.Configured?.Name, Configured = device.Configured is not null });
            Added?.Invoke(device);
            return device;
        }
    }

    /// <summary>Adds the device's configured position to one of its records.</summary>
    public MinuteRecord Decorate(MacAddress address, MinuteRecord record) =>
        _devices.TryGetValue(address, out TrackedDevice? device) ? device.Decorate(record) : record;

    /// <summary>Discovery was paused this long: no device could be heard (see <see cref="TrackedDevice.DiscoveryPaused"/>).</summary>
    public void DiscoveryPaused(TimeSpan pause)
    {
        foreach (TrackedDevice device in _devices.Values)
            device.DiscoveryPaused(pause);
    }
}
