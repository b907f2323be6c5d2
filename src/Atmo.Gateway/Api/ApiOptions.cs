namespace Atmo.Gateway.Api;

/// <summary>Configuration section <c>Api</c>: who may read <c>GET /api/v1/data</c> and how often.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Minimum length of an API key.</summary>
    public const int MinKeyLength = 8;

    /// <summary>
    /// API keys accepted as <c>api_key</c> (<c>Api:Keys:0</c>, <c>Api:Keys:1</c>, …), at least
    /// <see cref="MinKeyLength"/> characters without spaces. Default: none. Keys from
    /// <see cref="KeyFile"/> are accepted as well; when neither holds a key, one is generated on
    /// first start into <see cref="KeyFile"/>.
    /// </summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>
    /// A file with one API key per line (blank lines and lines starting with <c>#</c> are skipped).
    /// Default: <c>api-key</c> in the folder of <c>Storage:Path</c>. Created with mode 0600 holding a
    /// random key when it does not exist and <see cref="Keys"/> is empty.
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// Requests per minute per API key; the count resets at the start of every wall-clock minute.
    /// Default 60 (the Atmotube Cloud's limit); 1 to 1,000,000.
    /// </summary>
    public int RateLimitPerMinute { get; set; } = 60;

    /// <summary>
    /// What <c>limit</c> does together with <c>date</c> or <c>start_date</c>: <c>cloud</c> (default; as the
    /// Atmotube Cloud behaved for real clients: up to 1440 ignored, above 1440 a page size with
    /// <c>offset</c>), <c>apply</c> (always applies) or <c>ignore</c> (never applies with dates). See
    /// <see cref="LimitWithDatesRule"/> and docs/api-contract.md.
    /// </summary>
    public string LimitWithDates { get; set; } = "cloud";

    /// <summary>
    /// Open connections the web server accepts at once (Kestrel's <c>MaxConcurrentConnections</c>); more wait in the
    /// socket backlog. Default 200: a dashboard, Home Assistant and a Prometheus scraper need a handful; a flood from
    /// the LAN stops here instead of at the process's file limit. 1 to 10,000.
    /// </summary>
    public int MaxConnections { get; set; } = 200;

    /// <summary>
    /// Time a client has to send its request headers (Kestrel's <c>RequestHeadersTimeout</c>); a connection that
    /// dribbles them is closed. Default 10 s (Kestrel's own is 30 s). 1 s to 5 min.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest request body accepted (Kestrel's <c>MaxRequestBodySize</c>). Default 64 KiB: every endpoint is a GET.
    /// 1 KiB to 100 MiB.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Highest accepted <see cref="RateLimitPerMinute"/>.</summary>
    public const int MaxRateLimitPerMinute = 1_000_000;
}
