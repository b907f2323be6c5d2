using Atmo.Core;
using Atmo.Gateway.Data;
using Atmo.Gateway.Devices;
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
        return services;
    }
}
