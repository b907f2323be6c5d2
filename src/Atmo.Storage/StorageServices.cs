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
    /// <see cref="IMinuteStore"/>, behind the <see cref="PlausibleMinuteStore"/> gate that every path writes through;
    /// the same file serves as <see cref="IHistoryQuarantine"/> and <see cref="IClockEvidence"/>.
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
        services.AddSingleton<IHistoryQuarantine>(sp => sp.GetRequiredService<LiteDbMinuteStore>());
        services.AddSingleton<IClockEvidence>(sp => sp.GetRequiredService<LiteDbMinuteStore>());
        return services;
    }
}
