using Atmo.Core;

namespace Atmo.Sync.RateLimiting;

/// <summary>
/// At most N requests per wall-clock minute, counted in windows aligned to the minute boundary the
/// way the Atmotube Cloud counts them. One instance per API key, shared by every device. Waits
/// go through the <see cref="TimeProvider"/>, so tests drive them with a fake clock.
/// </summary>
public sealed class MinuteWindowRateLimiter
{
    private readonly TimeProvider _time;
    private readonly int _perMinute;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _lock = new();
    private long _windowMinute = long.MinValue;
    private int _used;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private int _inFlight;

    public MinuteWindowRateLimiter(int requestsPerMinute, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerMinute, 1);
        _perMinute = requestsPerMinute;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    public int RequestsPerMinute => _perMinute;

    /// <summary>Requests let through in the current wall-clock minute.</summary>
    public int UsedThisMinute
    {
        get
        {
            lock (_lock)
                return _windowMinute == MinuteOf(_time.GetUtcNow()) ? _used : 0;
        }
    }

    /// <summary>Requests let through and not yet finished (their lease not disposed).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Waits until a request may be sent in this minute window and counts it. Dispose the lease when
    /// the exchange is over (it only feeds <see cref="InFlight"/>; the minute's count stays).
    /// </summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_lock)
                {
                    DateTimeOffset now = _time.GetUtcNow();
                    if (now < _blockedUntil)
                    {
                        wait = _blockedUntil - now;
                    }
                    else
                    {
                        long minute = MinuteOf(now);
                        if (minute != _windowMinute)
                        {
                            _windowMinute = minute;
                            _used = 0;
                        }
                        if (_used < _perMinute)
                        {
                            _used++;
                            Interlocked.Increment(ref _inFlight);
                            return new Lease(this);
                        }
                        wait = NextMinuteBoundary(now) - now;
                    }
                }
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>After a 429: nobody sends before <paramref name="until"/>.</summary>
    public void BlockUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _blockedUntil)
                _blockedUntil = until;
        }
    }

    private sealed class Lease(MinuteWindowRateLimiter owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                Interlocked.Decrement(ref owner._inFlight);
        }
    }

    public static DateTimeOffset NextMinuteBoundary(DateTimeOffset now) => new(MinuteTime.NextMinuteStart(now));

    private static long MinuteOf(DateTimeOffset time) => time.UtcTicks / TimeSpan.TicksPerMinute;
}
