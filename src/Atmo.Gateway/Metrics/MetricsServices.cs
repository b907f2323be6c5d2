using Atmo.Collector.Options;
using Atmo.Core;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Atmo.Gateway.Metrics;

public static class MetricsServices
{
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton(sp => new DeviceLabeler(
            sp.GetRequiredService<IOptions<MetricsOptions>>().Value.DeviceLabels,
            sp.GetRequiredService<IOptions<CollectorOptions>>().Value.Devices
                .Where(d => !string.IsNullOrWhiteSpace(d.Name) && MacAddress.TryParse(d.Mac, out _))
                .ToDictionary(d => MacAddress.Parse(d.Mac!), d => d.Name!)));
        return services.AddSingleton<GatewayMetrics>();
    }

    /// <summary>
    /// Counts and times every request (by status code, method and route template, never the query
    /// string and its api_key), and serves <c>GET /metrics</c>. Call before the endpoints are mapped.
    /// </summary>
    public static WebApplication UseGatewayMetrics(this WebApplication app)
    {
        CollectorRegistry registry = app.Services.GetRequiredService<GatewayMetrics>().Registry;
        app.UseRouting();
        app.UseHttpMetrics(options => options.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(registry)));
        app.MapMetrics("/metrics", registry).ExcludeFromDescription();
        return app;
    }
}
