namespace Atmo.Gateway.Api.Errors;

/// <summary>
/// Turns an unexpected exception into 500 with a generic message and a correlation id; the details
/// go to the log under the same id, never to the client. Logs the path only: the query string holds
/// the API key.
/// </summary>
internal sealed partial class UnexpectedErrorMiddleware(RequestDelegate next, ILogger<UnexpectedErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception exception)
        {
            string correlationId = context.TraceIdentifier;
            LogUnexpected(logger, exception, context.Request.Method, context.Request.Path, correlationId);
            if (context.Response.HasStarted)
            {
                // Part of a 200 is on the wire: cut the connection so the client cannot mistake it for a whole answer.
                context.Abort();
                return;
            }

            context.Response.Clear();
            await new ApiError(
                StatusCodes.Status500InternalServerError,
                $"unexpected error; the gateway log has the details under correlation id {correlationId}").ExecuteAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error answering {Method} {Path}; correlation id {CorrelationId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path, string correlationId);
}
