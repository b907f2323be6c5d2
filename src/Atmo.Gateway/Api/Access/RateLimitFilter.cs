using Atmo.Gateway.Api.Errors;

namespace Atmo.Gateway.Api.Access;

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
