using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Atmo.Core;
using Atmo.Sync.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Atmo.Sync.Api;

/// <summary>
/// Typed client of the Atmotube Cloud <c>GET /api/v1/data</c>. Every HTTP attempt passes the shared
/// per-key rate limiter; 429 waits for Retry-After (else the next minute boundary); 5xx, timeouts and
/// network errors go through <see cref="CloudResilience"/>. The key appears only in the request
/// URI, which is never logged unredacted.
/// </summary>
public sealed partial class CloudApiClient
{
    /// <summary>
    /// Largest body accepted: 8 days × 1440 records is about 2.5 MB, so 8 MiB leaves room and keeps the parser's memory
    /// well inside the unit's heap limit. The body is parsed as it streams in and the read stops at the cap.
    /// </summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>Consecutive 429 answers for one request before the range is left for the next pass.</summary>
    public const int MaxRateLimitWaits = 10;

    /// <summary>
    /// Without <c>total</c>, a page of at least this many items (the API's default <c>limit</c>) that is not
    /// shorter than the page before it may have been capped by the service: ask for the next.
    /// </summary>
    public const int MinFullPageWithoutTotal = 100;

    private readonly HttpClient _http;
    private readonly CloudApiKey _key;
    private readonly MinuteWindowRateLimiter _limiter;
    private readonly CloudResilience _resilience;
    private readonly TimeProvider _time;
    private readonly ILogger<CloudApiClient> _logger;
    private long _requestsSent;

    public CloudApiClient(HttpClient http, CloudApiKey key, MinuteWindowRateLimiter limiter, CloudResilience resilience,
        TimeProvider timeProvider, ILogger<CloudApiClient> logger)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _limiter = limiter ?? throw new ArgumentNullException(nameof(limiter));
        _resilience = resilience ?? throw new ArgumentNullException(nameof(resilience));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        if (_http.BaseAddress is null)
            throw new ArgumentException("The HttpClient needs a BaseAddress (Cloud:BaseUrl).", nameof(http));
    }

    /// <summary>HTTP requests this client has sent (every attempt, 429s included).</summary>
    public long RequestsSent => Interlocked.Read(ref _requestsSent);

    /// <summary>
    /// Every record of <paramref name="device"/> on the UTC days <paramref name="start"/>…<paramref name="end"/>
    /// (inclusive, at most 8 days), paging with <c>offset</c> while the service says there is more,
    /// de-duplicated by minute. Records outside the days asked are dropped.
    /// </summary>
    public async Task<CloudRangeResult> FetchRangeAsync(MacAddress device, DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        if (end < start || end.DayNumber - start.DayNumber > 7)
            throw new ArgumentException($"A range is 1 to 8 days; got {start:yyyy-MM-dd}..{end:yyyy-MM-dd}.", nameof(end));

        var from = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = end.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var byMinute = new Dictionary<DateTime, MinuteRecord>();
        var rejected = new List<RejectedRecord>();
        int duplicates = 0, outside = 0, offset = 0, pages = 0, previousCount = 0;
        int rangeMinutes = (int)((to - from).Ticks / TimeSpan.TicksPerMinute);
        while (true)
        {
            CloudPage page = await GetPageAsync(device, start, end, offset, cancellationToken).ConfigureAwait(false);
            pages++;
            rejected.AddRange(page.Rejected);
            duplicates += page.Duplicates;
            int newMinutes = 0;
            foreach (MinuteRecord record in page.Records)
            {
                if (record.Time < from || record.Time >= to)
                    outside++;
                else if (byMinute.TryAdd(record.Time, record))
                    newMinutes++;
                else
                    duplicates++;
            }
            offset += page.ItemCount;
            // [D] Page while the envelope's total says more records match; without total, while pages
            // stay full. A page that adds no new minute means the service ignores offset: stop.
            bool more = page.Total is int total
                ? offset < total && page.ItemCount > 0
                : page.ItemCount >= MinFullPageWithoutTotal && page.ItemCount >= previousCount && offset < rangeMinutes;
            previousCount = page.ItemCount;
            if (!more)
                break;
            if (newMinutes == 0)
            {
                LogPagingStopped(device, start, end, pages);
                break;
            }
        }
        List<MinuteRecord> records = [.. byMinute.Values.OrderBy(r => r.Time)];
        return new CloudRangeResult(device, start, end, records, rejected, duplicates, outside, pages);
    }

    private async Task<CloudPage> GetPageAsync(MacAddress device, DateOnly start, DateOnly end, int offset, CancellationToken cancellationToken)
    {
        string query = string.Create(CultureInfo.InvariantCulture,
            $"api/v1/data?api_key={Uri.EscapeDataString(_key.Value)}&mac={device}&order=asc&format=json&start_date={start:yyyy-MM-dd}&end_date={end:yyyy-MM-dd}");
        if (offset > 0)
            query += string.Create(CultureInfo.InvariantCulture, $"&offset={offset}");
        var uri = new Uri(_http.BaseAddress!, query);
        string safeUri = _key.Redactor.Redact(uri.ToString());

        for (int waits = 0; ; waits++)
        {
            try
            {
                return await _resilience.Retry.ExecuteAsync(
                    static (state, ct) => state.Client.SendOnceAsync(state.Uri, state.SafeUri, state.Device, ct),
                    (Client: this, Uri: uri, SafeUri: safeUri, Device: device),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (CloudRateLimitedException e) when (waits < MaxRateLimitWaits)
            {
                DateTimeOffset now = _time.GetUtcNow();
                DateTimeOffset until = e.RetryAfter is TimeSpan after && after > TimeSpan.Zero
                    ? now + after
                    : MinuteWindowRateLimiter.NextMinuteBoundary(now);
                LogRateLimited(safeUri, (until - now).TotalSeconds);
                _limiter.BlockUntil(until);
            }
        }
    }

    private async ValueTask<CloudPage> SendOnceAsync(Uri uri, string safeUri, MacAddress device, CancellationToken cancellationToken)
    {
        using (await _limiter.AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            // The timeout covers the exchange and the parse: the body is parsed as it streams in.
            return await _resilience.Attempt.ExecuteAsync(
                static (state, ct) => state.Client.ExchangeAsync(state.Uri, state.SafeUri, state.Device, ct),
                (Client: this, Uri: uri, SafeUri: safeUri, Device: device),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<CloudPage> ExchangeAsync(Uri uri, string safeUri, MacAddress device, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requestsSent);
        LogSending(safeUri);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // The message of a network error names host and port at most; redact anyway.
            throw new CloudTransientException($"network error for {safeUri}: {_key.Redactor.Redact(e.Message)}");
        }
        using (response)
        {
            int status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                throw new CloudRateLimitedException($"rate limited (HTTP 429) for {safeUri}", RetryAfter(response.Headers.RetryAfter));
            if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
                throw new CloudTransientException($"HTTP {status} for {safeUri}", response.StatusCode);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new CloudAuthException($"the Atmotube Cloud refused the API key (HTTP {status}); check Cloud:ApiKey or Cloud:ApiKeyFile");
            if (status >= 400)
                throw new CloudRequestException($"HTTP {status} for {safeUri}", response.StatusCode);

            return await ParseBodyAsync(response, status, safeUri, device, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<CloudPage> ParseBodyAsync(HttpResponseMessage response, int status, string safeUri, MacAddress device, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true)
            throw HtmlPage(status, safeUri);
        if (response.Content.Headers.ContentLength > MaxBodyBytes)
            throw CappedReadStream.TooLarge(MaxBodyBytes).WithPrefix($"{response.Content.Headers.ContentLength} bytes announced for {safeUri}");
        CappedReadStream? body = null;
        try
        {
            body = new CappedReadStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), MaxBodyBytes);
            return await CloudJsonParser.ParseAsync(body, device, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudFormatException) when (body?.FirstSignificantByte == (byte)'<')
        {
            throw HtmlPage(status, safeUri);
        }
        catch (CloudFormatException e)
        {
            throw new CloudFormatException($"{_key.Redactor.Redact(e.Message)} (HTTP {status}, {body?.Position} bytes read) for {safeUri}", null, e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new CloudTransientException($"the connection broke while reading the body of {safeUri}: {_key.Redactor.Redact(e.Message)}");
        }
        finally
        {
            if (body is not null)
                await body.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static CloudFormatException HtmlPage(int status, string safeUri) =>
        new($"the service answered an HTML page instead of JSON (HTTP {status}) for {safeUri}");

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is TimeSpan delta)
            return delta;
        if (header?.Date is DateTimeOffset date)
            return date - _time.GetUtcNow();
        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "GET {Uri}")]
    private partial void LogSending(string uri);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Atmotube Cloud rate-limited {Uri}; waiting {Seconds:0} s.")]
    private partial void LogRateLimited(string uri, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped paging {Device} {Start}..{End} after {Pages} pages: the service seems to ignore offset.")]
    private partial void LogPagingStopped(MacAddress device, DateOnly start, DateOnly end, int pages);
}
