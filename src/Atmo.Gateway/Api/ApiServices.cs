using Atmo.Core.Operations;
using Atmo.Gateway.Api.Access;
using Atmo.Gateway.Data;
using Atmo.Gateway.Devices;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Api;

public static class ApiServices
{
    /// <summary>Options (validated at start), API keys, the rate limiter and the device-site seam.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddSingleton<ApiKeyProvisioning>();
        services.AddSingleton(sp => sp.GetRequiredService<ApiKeyProvisioning>().Load());
        services.AddHostedService<ApiKeyStartup>();
        services.AddSingleton<MinuteRateLimiter>();
        services.TryAddSingleton<IDeviceSites, NoDeviceSites>();
        services.TryAddSingleton<IDeviceLiveInfo, NoDeviceLiveInfo>();
        // A 7-day answer is about 1.5 MB, flushed every 64 KB: with Kestrel's default 64 KB response
        // buffer the writer waits for the socket at nearly every flush. 256 KB lets it run ahead
        // (measured: the median 7-day answer 5-10 % faster), and bounds what a slow client holds.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxResponseBufferSize = 256 * 1024);
        // The API serves the LAN without authentication for /healthz, /readyz, /metrics and the dashboard: bound what
        // anyone there can hold (connections, slow headers, bodies). Kestrel has no connection limit of its own.
        // Kestrel reads its options before the start-up validation runs: bind the section here, unvalidated, and apply
        // only valid values, so a bad one fails start with ApiOptionsValidator's message rather than Kestrel's.
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((kestrel, configuration) =>
        {
            ApiOptions api = configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
            if (ApiOptionsValidator.ServerLimitsProblems(api).Count > 0)
                return;
            kestrel.Limits.MaxConcurrentConnections = api.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = api.MaxConnections;
            kestrel.Limits.RequestHeadersTimeout = api.RequestHeadersTimeout;
            kestrel.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes;
        });
        return services;
    }
}
