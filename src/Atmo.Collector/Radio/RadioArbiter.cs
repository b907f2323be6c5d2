using Atmo.Core;

namespace Atmo.Collector.Radio;

/// <summary>
/// The one owner of an adapter's radio: at most one connection at a time. Waiting devices are served by
/// <see cref="RadioPriority"/> (configured, then working discovered, then new, then failing ones), and within a class round-robin:
/// the device whose last turn lies furthest back goes first (a device that never had one counts from its first
/// request), so a device that syncs often cannot starve one that has waited long. Holding is bounded by the caller
/// (<see cref="RadioPolicy.FirstHold"/>); failing devices leave the queue for their back-off and come last when they
/// return, so any number of them delays a working device by one hold at most.
/// </summary>
public sealed class RadioArbiter
{
    private readonly Lock _sync = new();
    private readonly List<Waiter> _waiters = [];
    private readonly Dictionary<MacAddress, long> _lastTurn = [];
    private long _turns;
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
    /// <param name="priority">The device's class now (<see cref="RadioPolicy.Priority"/>).</param>
    public async Task<RadioLease> AcquireAsync(MacAddress device, RadioPriority priority, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_sync)
        {
            if (!_lastTurn.TryGetValue(device, out long turn))
                _lastTurn[device] = turn = _turns++;
            if (_holder is null && _waiters.Count == 0)
            {
                Grant(device);
                return new RadioLease(this, device);
            }

            waiter = new Waiter(device, priority, turn);
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
            next = _waiters.OrderBy(w => w.Priority).ThenBy(w => w.LastTurn).FirstOrDefault();
            _holder = null;
            if (next is not null)
            {
                _waiters.Remove(next);
                Grant(next.Device);
            }
        }

        next?.Granted.TrySetResult();
    }

    /// <summary>The device left the collector: its place in the round goes too.</summary>
    public void Forget(MacAddress device)
    {
        lock (_sync)
            _lastTurn.Remove(device);
    }

    private void Grant(MacAddress device)
    {
        _holder = device;
        _lastTurn[device] = _turns++;
    }

    private sealed record Waiter(MacAddress Device, RadioPriority Priority, long LastTurn)
    {
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
