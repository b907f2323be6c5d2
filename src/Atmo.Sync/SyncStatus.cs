using Atmo.Sync.Api;
using Atmo.Sync.Planning;
using Atmo.Sync.RateLimiting;

namespace Atmo.Sync;

/// <summary>Live <see cref="ISyncStatus"/>, updated by <see cref="SyncPass"/>.</summary>
public sealed class SyncStatus(CloudApiKey key, MinuteWindowRateLimiter limiter, CloudResilience resilience, SyncStateStore state) : ISyncStatus
{
    private long _minutesFilled;
    private volatile SyncSummary? _last;
    private volatile bool _running;

    public bool Enabled => key.IsConfigured;
    public bool Running => _running;
    public DateTimeOffset? LastRunAt => _last?.FinishedAt;
    public SyncSummary? LastSummary => _last;
    public int RequestsThisMinute => limiter.UsedThisMinute;
    public string CircuitState => resilience.CircuitState.ToString();
    public long MinutesFilled => Interlocked.Read(ref _minutesFilled);
    public int RangesPending => _last is { } s ? s.RangesPlanned - s.RangesCompleted : 0;
    public int DaysBackedOff => state.Count;

    internal void Started() => _running = true;

    internal void Finished(SyncSummary summary)
    {
        Interlocked.Add(ref _minutesFilled, summary.MinutesFilled);
        _last = summary;
        _running = false;
    }
}
