using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Atmo.Gateway.Api.Redaction;

/// <summary>
/// Kestrel, with every request's secret query values (<c>api_key</c>, any <c>*key*</c>) taken out of its URL before
/// the host sees the request. The host's own request logging ("Request starting … /api/v1/data?api_key=…") runs
/// before any middleware, and a provider-specific log rule (<c>Logging:Console:LogLevel:Default=Information</c>) beats
/// any category filter, so redacting here is the one place that holds whatever the logging settings.
/// </summary>
internal sealed class RedactingServer(IServer inner) : IServer
{
    public IFeatureCollection Features => inner.Features;

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull =>
        inner.StartAsync(new RedactingApplication<TContext>(application), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingApplication<TContext>(IHttpApplication<TContext> application) : IHttpApplication<TContext>
        where TContext : notnull
    {
        public TContext CreateContext(IFeatureCollection contextFeatures)
        {
            IHttpRequestFeature? request = contextFeatures.Get<IHttpRequestFeature>();
            if (request is not null && QueryRedaction.Redact(request.QueryString, out QuerySecrets? secrets) is { } redacted)
            {
                contextFeatures.Set(secrets);
                int query = request.RawTarget.IndexOf('?', StringComparison.Ordinal);
                request.RawTarget = (query < 0 ? request.RawTarget : request.RawTarget[..query]) + redacted;
                request.QueryString = redacted;
            }

            return application.CreateContext(contextFeatures);
        }

        public Task ProcessRequestAsync(TContext context) => application.ProcessRequestAsync(context);

        public void DisposeContext(TContext context, Exception? exception) => application.DisposeContext(context, exception);
    }
}
