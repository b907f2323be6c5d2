using System.Collections.Concurrent;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Collector.Devices;

/// <summary>
/// The devices this collector collects: the configured ones, and auto-discovered ones once adopted
/// (<see cref="AdoptionRule"/>, at most <see cref="BleOptions.MaxAutoDiscovered"/>) until forgotten
/// (<see cref="BleOptions.ForgetAfter"/>). Each device is tracked once; <see cref="Added"/> runs exactly once per
/// tracking, so it gets one history worker.
/// </summary>
internal sealed partial class DeviceRegistry
{
    private readonly IReadOnlyDictionary<MacAddress, DeviceOptions> _configured;
    private readonly BleOptions _options;
    private readonly CollectorStatus _status;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<MacAddress, TrackedDevice> _devices = new();
    private readonly Dictionary<MacAddress, Candidate> _candidates = []; // guarded by _adding
    private readonly Lock _adding = new();
    private int _discovered; // guarded by _adding
    private bool _capLogged; // guarded by _adding

    public DeviceRegistry(IReadOnlyDictionary<MacAddress, DeviceOptions> configured, CollectorStatus status, BleOptions? options = null, ILogger? logger = null)
    {
        _configured = configured;
        _status = status;
        _options = options ?? new BleOptions();
        _logger = logger ?? NullLogger.Instance;
        foreach (var (address, device) in configured)
            status.UpdateDevice(address, s => s with { Name = device.Name, Configured = true });
    }

    /// <summary>Runs once for every device that starts being tracked, before <see cref="Track"/> returns it.</summary>
    public event Action<TrackedDevice>? Added;

    /// <summary>Runs for every device that is forgotten, after it left the registry.</summary>
    public event Action<TrackedDevice>? Forgotten;

    public IReadOnlyCollection<MacAddress> Configured => [.. _configured.Keys];

    public bool IsConfigured(MacAddress address) => _configured.ContainsKey(address);

    public bool IsTracked(MacAddress address) => _devices.ContainsKey(address);

    public IEnumerable<TrackedDevice> Tracked => _devices.Values;

    /// <summary>Devices heard but not (yet) adopted.</summary>
    public int Candidates
    {
        get
        {
            lock (_adding)
                return _candidates.Count;
        }
    }

    /// <summary>
    /// An advertisement of a device that auto-discovery may collect: the device when it is tracked (now or already),
    /// null while it is a candidate or the cap is reached. Configured devices are tracked at once. Only a
    /// <paramref name="plausible"/> one (every value within the limits, nothing dropped) counts towards adoption.
    /// </summary>
    public TrackedDevice? Sighted(MacAddress address, DateTimeOffset time, bool plausible)
    {
        if (_devices.TryGetValue(address, out TrackedDevice? known))
            return known;
        if (IsConfigured(address))
            return Track(address);
        if (!plausible)
            return null;
        lock (_adding)
        {
            if (_devices.TryGetValue(address, out known))
                return known;
            Candidate candidate = _candidates.TryGetValue(address, out Candidate? seen) && time - seen.Last < AdoptionRule.CandidateExpiry
                ? seen with { Count = seen.Count + 1, Last = time > seen.Last ? time : seen.Last }
                : new Candidate(time, 1, time);
            bool qualifies = candidate.Count >= AdoptionRule.Sightings && candidate.Last - candidate.First >= AdoptionRule.Span;
            if (qualifies && _discovered < _options.MaxAutoDiscovered)
            {
                _candidates.Remove(address);
                LogAdopted(address, candidate.Count, (candidate.Last - candidate.First).TotalSeconds);
                return Track(address);
            }

            if (qualifies && !_capLogged)
            {
                _capLogged = true;
                LogCapReached(_options.MaxAutoDiscovered, address);
            }

            if (!_candidates.ContainsKey(address) && _candidates.Count >= AdoptionRule.MaxCandidates)
                _candidates.Remove(_candidates.MinBy(c => c.Value.Last).Key);
            _candidates[address] = candidate;
            return null;
        }
    }

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
            if (device.Configured is null)
                _discovered++;
            _status.UpdateDevice(address, s => s with { Name = device.Configured?.Name, Configured = device.Configured is not null });
            Added?.Invoke(device);
            return device;
        }
    }

    /// <summary>
    /// Forgets the auto-discovered devices not heard for <see cref="BleOptions.ForgetAfter"/> (configured ones stay)
    /// and the candidates not heard for <see cref="AdoptionRule.CandidateExpiry"/>: memory holds what is around.
    /// </summary>
    public void ForgetUnheard(DateTimeOffset now)
    {
        var forgotten = new List<TrackedDevice>();
        lock (_adding)
        {
            foreach (TrackedDevice device in _devices.Values)
            {
                if (device.Configured is null && !device.IsPresent(now, _options.ForgetAfter) && _devices.TryRemove(device.Address, out _))
                {
                    forgotten.Add(device);
                    _discovered--;
                    _status.RemoveDevice(device.Address);
                }
            }

            foreach (MacAddress stale in _candidates.Where(c => now - c.Value.Last >= AdoptionRule.CandidateExpiry).Select(c => c.Key).ToList())
                _candidates.Remove(stale);
            if (_discovered < _options.MaxAutoDiscovered)
                _capLogged = false;
        }

        foreach (TrackedDevice device in forgotten)
        {
            device.Forget();
            Forgotten?.Invoke(device);
            LogForgotten(device.Label, _options.ForgetAfter.TotalHours);
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

    private sealed record Candidate(DateTimeOffset First, int Count, DateTimeOffset Last);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Address} adopted by auto-discovery after {Count} advertisements over {Seconds:0} s")]
    private partial void LogAdopted(MacAddress address, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-discovery collects {Cap} devices already (Ble:MaxAutoDiscovered): {Address} and any further Atmotube are ignored until one is forgotten. Configure the units you own under Devices (they never count), or raise Ble:MaxAutoDiscovered")]
    private partial void LogCapReached(int cap, MacAddress address);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Device} forgotten: not heard for {Hours:0.#} h (Ble:ForgetAfter); its stored minutes stay")]
    private partial void LogForgotten(string device, double hours);
}
