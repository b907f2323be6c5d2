using Atmo.Core;
using Atmo.Sync.Api;
using Atmo.Sync.Import;
using Atmo.Sync.Planning;
using Atmo.Sync.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atmo.Sync;

public static class CloudSyncServiceCollectionExtensions
{
    /// <summary>Default <see cref="CloudOptions.StateFile"/>; the gateway puts it in the folder of its database.</summary>
    public const string DefaultStateFileName = "cloud-sync-state.json";

    /// <summary>
    /// Registers cloud sync: <see cref="AddCloudSyncServices"/> and the periodic <see cref="SyncWorker"/> hosted service.
    /// The caller registers <see cref="IMinuteStore"/> (and may register a <see cref="TimeProvider"/>).
    /// </summary>
    /// <param name="configuredDevices">The devices of the gateway's configuration; stored devices are always included.</param>
    public static IServiceCollection AddCloudSync(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, IEnumerable<MacAddress>>? configuredDevices = null)
    {
        services.AddCloudSyncServices(configuration, configuredDevices);
        services.AddHostedService<SyncWorker>();
        return services;
    }

    /// <summary>
    /// Cloud sync without its periodic worker, for a command that runs one pass or one import itself:
    /// <see cref="CloudOptions"/> (section <c>Cloud</c>, validated on start),
    /// the rate limiter and resilience pipeline (one per process, hence per key), the HttpClient,
    /// <see cref="SyncPass"/>, <see cref="ISyncStatus"/>, <see cref="SyncTrigger"/> and <see cref="CloudFileImporter"/>.
    /// The caller registers <see cref="IMinuteStore"/> (and may register a <see cref="TimeProvider"/>).
    /// </summary>
    /// <param name="configuredDevices">The devices of the gateway's configuration; stored devices are always included.</param>
    public static IServiceCollection AddCloudSyncServices(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, IEnumerable<MacAddress>>? configuredDevices = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<CloudOptions>().Bind(configuration.GetSection(CloudOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CloudOptions>, CloudOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp => CloudApiKey.Resolve(sp.GetRequiredService<IOptions<CloudOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Atmo.Sync.CloudApiKey")));
        services.TryAddSingleton(sp => new MinuteWindowRateLimiter(
            sp.GetRequiredService<IOptions<CloudOptions>>().Value.RequestsPerMinute, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new CloudResilience(sp.GetRequiredService<IOptions<CloudOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CloudResilience>>()));
        services.TryAddSingleton(sp => new SyncStateStore(
            sp.GetRequiredService<IOptions<CloudOptions>>().Value.StateFile is { Length: > 0 } stateFile ? stateFile : DefaultStateFileName,
            sp.GetRequiredService<ILogger<SyncStateStore>>()));
        services.TryAddSingleton(sp => configuredDevices is null ? SyncDevices.None : new SyncDevices(() => configuredDevices(sp)));
        services.TryAddSingleton<SyncStatus>();
        services.TryAddSingleton<ISyncStatus>(sp => sp.GetRequiredService<SyncStatus>());
        services.TryAddSingleton<SyncTrigger>();
        services.TryAddSingleton<SyncPass>();
        services.TryAddSingleton<CloudFileImporter>();

        services.AddHttpClient(SyncPass.HttpClientName, (sp, http) =>
            {
                CloudOptions options = sp.GetRequiredService<IOptions<CloudOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                // Timeouts are the resilience pipeline's (on the TimeProvider), per attempt.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The default handlers log request URIs, and ours carry the API key: we log redacted URIs ourselves.
            .RemoveAllLoggers();
        return services;
    }
}
