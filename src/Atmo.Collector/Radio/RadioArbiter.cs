using Atmo.Core;

namespace Atmo.Collector.Radio;

/// <summary>
/// The one owner of an adapter's radio: at most one connection at a time. Waiting devices are served oldest
/// history sync first (never synced = oldest), ties in arrival order, so a device that syncs often cannot starve
/// one that has waited long. Holding is bounded by the caller (maximum hold time), failing devices leave the queue
/// for their back-off, so a slow or failing device cannot block the others either.
/// </summary>
public sealed class RadioArbiter
{
    private readonly Lock _sync = new();
    private readonly List<Waiter> _waiters = [];
    private long _arrivals;
    private MacAddress? _holder;

    /// <summary>The device holding the radio, if any.</summary>
    public MacAddress? Holder
    {
        get
        {
            lock (_sync)
                return _holder;
        }
    }

    public int Waiting
    {
        get
        {
            lock (_sync)
                return _waiters.Count;
        }
    }

    /// <summary>Waits for the radio. Dispose the lease to hand it to the next device.</summary>
    /// <param name="lastSync">When this device last completed a history download; null = never (served first).</param>
    public async Task<RadioLease> AcquireAsync(MacAddress device, DateTimeOffset? lastSync, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_sync)
        {
            if (_holder is null && _waiters.Count == 0)
            {
                _holder = device;
                return new RadioLease(this, device);
            }

            waiter = new Waiter(device, lastSync ?? DateTimeOffset.MinValue, _arrivals++);
            _waiters.Add(waiter);
        }

        using (cancellationToken.Register(() => Abandon(waiter)))
            await waiter.Granted.Task.ConfigureAwait(false);
        return new RadioLease(this, device);
    }

    private void Abandon(Waiter waiter)
    {
        lock (_sync)
        {
            if (!_waiters.Remove(waiter))
                return; // Already granted: the lease owner releases it.
        }

        waiter.Granted.TrySetCanceled();
    }

    internal void Release(MacAddress device)
    {
        Waiter? next;
        lock (_sync)
        {
            if (_holder != device)
                return;
            next = _waiters.OrderBy(w => w.LastSync).ThenBy(w => w.Arrival).FirstOrDefault();
            if (next is not null)
                _waiters.Remove(next);
            _holder = next?.Device;
        }

        next?.Granted.TrySetResult();
    }

    private sealed record Waiter(MacAddress Device, DateTimeOffset LastSync, long Arrival)
    {
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
