using System.Globalization;
using System.Text.Json;

namespace Atmo.Gateway.Api.Errors;

/// <summary>An error answer: <c>{"status":N,"message":"..."}</c> as JSON whatever format was asked (see <see cref="ContractDecisions.ErrorContentType"/>).</summary>
public sealed class ApiError(int status, string message, int? retryAfterSeconds = null)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");

    public int? StatusCode => status;

    public string ContentType => ContractDecisions.ErrorContentType;

    public string Message => message;

    public int? RetryAfterSeconds => retryAfterSeconds;

    public static ApiError BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ApiError Unauthorized() =>
        new(ContractDecisions.MissingOrUnknownKeyStatus, "api_key is missing or unknown: pass a key configured on the gateway as api_key=...");

    public static ApiError TooManyRequests(int limitPerMinute, int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests,
            $"rate limit of {limitPerMinute} requests per minute exceeded for this api_key; retry after {retryAfterSeconds} s",
            retryAfterSeconds);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        HttpResponse response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        if (retryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        using (var json = new Utf8JsonWriter(response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteNumber(StatusName, status);
            json.WriteString(MessageName, message);
            json.WriteEndObject();
        }

        return response.BodyWriter.FlushAsync(httpContext.RequestAborted).AsTask();
    }
}
