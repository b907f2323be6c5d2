using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Core.TimeBase;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atmo.Storage;

public static class StorageServices
{
    /// <summary>
    /// <see cref="StorageOptions"/> (section <c>Storage</c>, validated at start) and the LiteDB store as the one
    /// <see cref="IMinuteStore"/>, behind the <see cref="PlausibleMinuteStore"/> gate that every path writes through
    /// (the gate passes the store's <see cref="IStoreHealth"/> on). The store itself, not the gate, is registered as
    /// <see cref="IMinuteChangeFeed"/> (for publishers such as MQTT), <see cref="IHistoryQuarantine"/> and
    /// <see cref="IClockEvidence"/>: a consumer asks the container for these (or <see cref="StoreParts"/>), never casts the
    /// <see cref="IMinuteStore"/>, which is the gate.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(sp => new LiteDbMinuteStore(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LiteDbMinuteStore>>()));
        services.AddSingleton(sp => new PlausibleMinuteStore(sp.GetRequiredService<LiteDbMinuteStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMinuteStore>(sp => sp.GetRequiredService<PlausibleMinuteStore>());
        services.AddSingleton<IMinuteChangeFeed>(sp => sp.GetRequiredService<LiteDbMinuteStore>());
        services.AddSingleton<IHistoryQuarantine>(sp => sp.GetRequiredService<LiteDbMinuteStore>());
        services.AddSingleton<IClockEvidence>(sp => sp.GetRequiredService<LiteDbMinuteStore>());
        return services;
    }
}
