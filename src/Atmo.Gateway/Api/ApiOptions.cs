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

    /// <summary>Highest accepted <see cref="RateLimitPerMinute"/>.</summary>
    public const int MaxRateLimitPerMinute = 1_000_000;
}
