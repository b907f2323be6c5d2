using Atmo.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atmo.Storage;

public static class StorageServices
{
    /// <summary>
    /// <see cref="StorageOptions"/> (section <c>Storage</c>, validated at start) and the LiteDB store as the one
    /// <see cref="IMinuteStore"/>, with its <see cref="IMinuteChangeFeed"/> (for publishers such as MQTT).
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(sp => new LiteDbMinuteStore(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LiteDbMinuteStore>>()));
        services.AddSingleton<IMinuteStore>(sp => sp.GetRequiredService<LiteDbMinuteStore>());
        services.AddSingleton<IMinuteChangeFeed>(sp => sp.GetRequiredService<LiteDbMinuteStore>());
        return services;
    }
}
