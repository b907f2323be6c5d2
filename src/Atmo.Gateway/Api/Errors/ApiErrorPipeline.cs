using System.Globalization;

namespace Atmo.Gateway.Api.Errors;

public static class ApiErrorPipeline
{
    /// <summary>
    /// Errors answer JSON: unexpected exceptions become 500 with a correlation id, and bodiless
    /// error statuses (404 unknown path, 405 wrong method) get the same <c>{"status","message"}</c> body.
    /// </summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        app.UseMiddleware<UnexpectedErrorMiddleware>();
        app.UseStatusCodePages(context =>
        {
            int status = context.HttpContext.Response.StatusCode;
            string message = status switch
            {
                StatusCodes.Status404NotFound => "no such endpoint; the gateway serves GET /api/v1/data",
                StatusCodes.Status405MethodNotAllowed => "method not allowed; use GET",
                _ => "request failed with HTTP " + status.ToString(CultureInfo.InvariantCulture),
            };
            return new ApiError(status, message).ExecuteAsync(context.HttpContext);
        });
        return app;
    }
}
