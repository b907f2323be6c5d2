namespace Atmo.Gateway.Api;

/// <summary>401 unless <c>api_key</c> is exactly one configured key; remembers which key for the rate limit.</summary>
internal sealed class ApiKeyFilter(ApiKeyRing keys) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        var presented = http.Request.Query["api_key"];
        int keyIndex = presented.Count == 1 ? keys.Find(presented[0]) : -1;
        if (keyIndex < 0)
            return ValueTask.FromResult<object?>(ApiError.Unauthorized());
        http.Features.Set(new ApiClient(keyIndex));
        return next(context);
    }
}

/// <summary>429 with <c>Retry-After</c> when the key has used this minute's budget.</summary>
internal sealed class RateLimitFilter(MinuteRateLimiter limiter) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ApiClient client = context.HttpContext.Features.Get<ApiClient>()
            ?? throw new InvalidOperationException("RateLimitFilter runs after ApiKeyFilter");
        if (!limiter.TryAcquire(client.KeyIndex, out int retryAfterSeconds))
            return ValueTask.FromResult<object?>(ApiError.TooManyRequests(limiter.LimitPerMinute, retryAfterSeconds));
        return next(context);
    }
}

/// <summary>The authenticated caller: which configured key (by index, never the key).</summary>
public sealed record ApiClient(int KeyIndex);
