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

    /// <summary>Waits until a request may be sent in this minute window and counts it.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
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
                            return;
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

    public static DateTimeOffset NextMinuteBoundary(DateTimeOffset now) =>
        new((MinuteOf(now) + 1) * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static long MinuteOf(DateTimeOffset time) => time.UtcTicks / TimeSpan.TicksPerMinute;
}
