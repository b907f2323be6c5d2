using Atmo.Collector.Options;
using Atmo.Core;

namespace Atmo.Collector.Devices;

/// <summary>What the collector knows about one device it collects: presence, sync times, failures, its wake-up signal.</summary>
internal sealed class TrackedDevice(MacAddress address, DeviceOptions? configured)
{
    private readonly Lock _sync = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _forgotten = new();
    private DateTimeOffset? _lastAdvertisement;
    private TimeSpan _deafSinceLastAdvertisement;
    private DateTimeOffset? _lastSync;
    private bool _syncRequested = true;
    private int _consecutiveFailures;

    public MacAddress Address { get; } = address;

    public DeviceOptions? Configured { get; } = configured;

    public string Label => Configured?.Name is { Length: > 0 } name ? $"{name} ({Address})" : Address.ToString();

    public DateTimeOffset? LastAdvertisement
    {
        get
        {
            lock (_sync)
                return _lastAdvertisement;
        }
    }

    public DateTimeOffset? LastSync
    {
        get
        {
            lock (_sync)
                return _lastSync;
        }
    }

    /// <summary>Visits that failed since the last completed download.</summary>
    public int ConsecutiveFailures
    {
        get
        {
            lock (_sync)
                return _consecutiveFailures;
        }
    }

    /// <summary>Its last visit completed a download: it has proven to be a working unit (see <see cref="Radio.RadioPolicy"/>).</summary>
    public bool Proven
    {
        get
        {
            lock (_sync)
                return _lastSync is not null && _consecutiveFailures == 0;
        }
    }

    /// <summary>Cancelled when the registry forgets the device: its history worker ends.</summary>
    public CancellationToken Forgotten => _forgotten.Token;

    public bool SyncRequested
    {
        get
        {
            lock (_sync)
                return _syncRequested;
        }
    }

    /// <summary>Records an advertisement; true when the device (re)appeared after an absence (or for the first time).</summary>
    public bool Heard(DateTimeOffset time, TimeSpan absence)
    {
        bool reappeared;
        lock (_sync)
        {
            reappeared = _lastAdvertisement is not { } last || Unheard(last, time) >= absence;
            if (_lastAdvertisement is null || time > _lastAdvertisement)
            {
                _lastAdvertisement = time;
                _deafSinceLastAdvertisement = TimeSpan.Zero;
            }

            if (reappeared)
                _syncRequested = true;
        }

        if (reappeared)
            _wake.Release();
        return reappeared;
    }

    public bool IsPresent(DateTimeOffset now, TimeSpan absence)
    {
        lock (_sync)
            return _lastAdvertisement is { } last && Unheard(last, now) < absence;
    }

    /// <summary>
    /// Discovery was paused this long (the radio served another device): no device could be heard, so that time
    /// does not count as absence. Otherwise a round of visits longer than the absence threshold would make every
    /// device "reappear" and be downloaded again at once.
    /// </summary>
    public void DiscoveryPaused(TimeSpan pause)
    {
        lock (_sync)
        {
            if (_lastAdvertisement is not null && pause > TimeSpan.Zero)
                _deafSinceLastAdvertisement += pause;
        }
    }

    private TimeSpan Unheard(DateTimeOffset last, DateTimeOffset now) => now - last - _deafSinceLastAdvertisement;

    public void Synced(DateTimeOffset time)
    {
        lock (_sync)
        {
            _lastSync = time;
            _syncRequested = false;
            _consecutiveFailures = 0;
        }
    }

    public void Failed()
    {
        lock (_sync)
            _consecutiveFailures++;
    }

    /// <summary>The registry dropped the device (not heard for <see cref="Options.BleOptions.ForgetAfter"/>).</summary>
    public void Forget() => _forgotten.Cancel();

    /// <summary>Waits for a wake-up signal or the timeout; true when woken.</summary>
    public Task<bool> WaitForWakeAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        WaitCoreAsync(timeout, time, cancellationToken);

    private async Task<bool> WaitCoreAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        // A timed-out semaphore wait leaves the queue, so no wake-up signal is swallowed by a stale waiter.
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _wake.WaitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Position fields of this device's records (configured fixed position).</summary>
    public MinuteRecord Decorate(MinuteRecord record) =>
        Configured is { Latitude: { } lat, Longitude: { } lon } ? record with { Latitude = lat, Longitude = lon } : record;
}
