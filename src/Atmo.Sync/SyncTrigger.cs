namespace Atmo.Sync;

/// <summary>Asks <see cref="SyncWorker"/> for a pass now instead of at the next interval.</summary>
public sealed class SyncTrigger
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Requests a pass as soon as the current one (if any) ends. Repeated requests coalesce.</summary>
    public void RequestSync()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already requested.
        }
    }

    /// <summary>Waits for the interval to pass (on the TimeProvider) or for a request.</summary>
    internal async Task WaitAsync(TimeSpan interval, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(interval, timeProvider, linked.Token);
        Task requested = _signal.WaitAsync(linked.Token);
        await Task.WhenAny(delay, requested).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await Task.WhenAll(delay, requested).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The other one was cancelled on purpose.
        }
        if (requested.IsCompletedSuccessfully == false && _signal.CurrentCount > 0)
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false); // consume a request made during the pass
    }
}
