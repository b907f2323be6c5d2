namespace Atmo.CloudDouble;

/// <summary>What the double does wrong on purpose. Change any of it at any time (thread-safe).</summary>
public sealed class CloudFaults
{
    private readonly Lock _lock = new();
    private int _serverErrorBurst;
    private int _bodyFaultCount;

    /// <summary>Every request before this time answers 429 (a storm). Default: none.</summary>
    public DateTimeOffset RateLimitStormUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Leave out Retry-After on storm 429s. Default false.</summary>
    public bool OmitRetryAfter { get; set; }

    /// <summary>Every request before this time answers 503 (an outage). Default: none.</summary>
    public DateTimeOffset OutageUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>The next N requests answer 500.</summary>
    public int ServerErrorBurst
    {
        get { lock (_lock) return _serverErrorBurst; }
        set { lock (_lock) _serverErrorBurst = value; }
    }

    /// <summary>Delay before answering, on the double's TimeProvider. Default zero.</summary>
    public TimeSpan SlowResponse { get; set; }

    /// <summary>How many requests get <see cref="SlowResponse"/>; -1 = all. Default -1.</summary>
    public int SlowResponseCount { get; set; } = -1;

    /// <summary>The kind of broken body sent for the next <see cref="BodyFaultCount"/> 200 answers.</summary>
    public BodyFault BodyFault { get; set; }

    /// <summary>How many answers get <see cref="BodyFault"/>; -1 = all. Default 0.</summary>
    public int BodyFaultCount
    {
        get { lock (_lock) return _bodyFaultCount; }
        set { lock (_lock) _bodyFaultCount = value; }
    }

    /// <summary>Whether <c>limit</c> applies when a date or range is given. Default honoured (the contract's [D]).</summary>
    public bool LimitIgnoredOnRanges { get; set; }

    /// <summary>Server-side page size for date ranges even without <c>limit</c> (clients must page with offset). Default none.</summary>
    public int? PageCap { get; set; }

    /// <summary>Leave <c>total</c> out of the envelope. Default false.</summary>
    public bool OmitTotal { get; set; }

    internal bool TakeServerError()
    {
        lock (_lock)
        {
            if (_serverErrorBurst <= 0)
                return false;
            _serverErrorBurst--;
            return true;
        }
    }

    internal TimeSpan TakeSlowResponse()
    {
        lock (_lock)
        {
            if (SlowResponse <= TimeSpan.Zero || SlowResponseCount == 0)
                return TimeSpan.Zero;
            if (SlowResponseCount > 0)
                SlowResponseCount--;
            return SlowResponse;
        }
    }

    internal BodyFault TakeBodyFault()
    {
        lock (_lock)
        {
            if (BodyFault == BodyFault.None || _bodyFaultCount == 0)
                return BodyFault.None;
            if (_bodyFaultCount > 0)
                _bodyFaultCount--;
            return BodyFault;
        }
    }
}
