using Atmo.Core;

namespace Atmo.Collector.Status;

/// <summary>The one writable <see cref="ICollectorStatus"/>; the collector's parts report into it.</summary>
public sealed class CollectorStatus : ICollectorStatus
{
    private readonly Lock _sync = new();
    private readonly Dictionary<MacAddress, DeviceState> _devices = [];
    private AdapterState _adapter = new(null, false, false, false, false);
    private ClockSanity _clock = ClockSanity.Unchecked;
    private CollectorError? _lastError;
    private long _lastProgressTicks = long.MinValue;
    private long _lastWatchdogRoundTicks = long.MinValue;
    private bool _blueZReachable;
    private long _advertisements, _liveWritten, _liveDiscarded, _batches, _records, _sessions, _historyFailures, _watchdog, _gattReads;

    public AdapterState Adapter
    {
        get
        {
            lock (_sync)
                return _adapter;
        }
    }

    public bool BlueZReachable => Volatile.Read(ref _blueZReachable);

    public IReadOnlyList<DeviceState> Devices
    {
        get
        {
            lock (_sync)
                return [.. _devices.Values.OrderBy(d => d.Address)];
        }
    }

    public ClockSanity Clock
    {
        get
        {
            lock (_sync)
                return _clock;
        }
    }

    public CollectorError? LastError
    {
        get
        {
            lock (_sync)
                return _lastError;
        }
    }

    public DateTimeOffset? LastProgress
    {
        get
        {
            long ticks = Interlocked.Read(ref _lastProgressTicks);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public CollectorCounters Counters => new(
        Interlocked.Read(ref _advertisements),
        Interlocked.Read(ref _liveWritten),
        Interlocked.Read(ref _liveDiscarded),
        Interlocked.Read(ref _batches),
        Interlocked.Read(ref _records),
        Interlocked.Read(ref _sessions),
        Interlocked.Read(ref _historyFailures),
        Interlocked.Read(ref _watchdog),
        Interlocked.Read(ref _gattReads));

    public DeviceState? Device(MacAddress address)
    {
        lock (_sync)
            return _devices.GetValueOrDefault(address);
    }

    internal void SetBlueZReachable(bool reachable) => Volatile.Write(ref _blueZReachable, reachable);

    internal void UpdateAdapter(Func<AdapterState, AdapterState> change)
    {
        lock (_sync)
            _adapter = change(_adapter);
    }

    internal void SetClock(ClockSanity clock)
    {
        lock (_sync)
            _clock = clock;
    }

    internal void Error(DateTimeOffset time, string message)
    {
        lock (_sync)
            _lastError = new CollectorError(time, message);
    }

    internal void UpdateDevice(MacAddress address, Func<DeviceState, DeviceState> change)
    {
        lock (_sync)
        {
            DeviceState current = _devices.GetValueOrDefault(address) ?? new DeviceState(address, null, false, null, null, null, 0, null, null);
            _devices[address] = change(current);
        }
    }

    internal void RemoveDevice(MacAddress address)
    {
        lock (_sync)
            _devices.Remove(address);
    }

    public DateTimeOffset? LastWatchdogRound
    {
        get
        {
            long ticks = Interlocked.Read(ref _lastWatchdogRoundTicks);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    internal void WatchdogRound(DateTimeOffset time) => Interlocked.Exchange(ref _lastWatchdogRoundTicks, time.UtcTicks);

    internal void Progress(DateTimeOffset time)
    {
        long ticks = time.UtcTicks;
        long seen = Interlocked.Read(ref _lastProgressTicks);
        while (ticks > seen)
        {
            long previous = Interlocked.CompareExchange(ref _lastProgressTicks, ticks, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }

    internal void CountAdvertisement() => Interlocked.Increment(ref _advertisements);

    internal void CountLiveMinutes(int written, int discarded)
    {
        Interlocked.Add(ref _liveWritten, written);
        Interlocked.Add(ref _liveDiscarded, discarded);
    }

    internal void CountBatch(int records)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _records, records);
    }

    internal void CountSession(bool failed)
    {
        Interlocked.Increment(ref _sessions);
        if (failed)
            Interlocked.Increment(ref _historyFailures);
    }

    internal void CountWatchdogAction() => Interlocked.Increment(ref _watchdog);

    internal void CountGattRead() => Interlocked.Increment(ref _gattReads);
}
