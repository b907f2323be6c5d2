using Atmo.Gateway.Api.Errors;
using Atmo.Gateway.Api.Redaction;

namespace Atmo.Gateway.Api.Access;

/// <summary>401 unless <c>api_key</c> is exactly one configured key; remembers which key for the rate limit.</summary>
internal sealed class ApiKeyFilter(ApiKeyRing keys) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        // The URL carries a mask in its place (RedactingServer): the key itself is kept aside.
        var presented = QuerySecrets.Of(http, "api_key");
        int keyIndex = presented.Count == 1 ? keys.Find(presented[0]) : -1;
        if (keyIndex < 0)
            return ValueTask.FromResult<object?>(ApiError.Unauthorized());
        http.Features.Set(new ApiClient(keyIndex));
        return next(context);
    }
}
