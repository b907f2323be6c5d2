using Atmo.Collector.Live;
using Atmo.Collector.Options;
using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Core.Operations;
using Atmo.Core.TimeBase;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Atmo.Collector.Hosting;

public static class CollectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the collector: options from <c>Devices</c>, <c>Ble</c> (with <c>Ble:Central</c>) and <c>History</c> (validated at start),
    /// <see cref="ICollectorStatus"/>, the unstored live minutes (<see cref="IUnstoredMinutes"/>), and the hosted service. Needs an
    /// <see cref="Atmo.Core.IMinuteStore"/> registration (its store, behind any decorators, must also be the
    /// <see cref="IHistoryQuarantine"/> and the <see cref="IClockEvidence"/> unless those are registered); uses the
    /// registered <see cref="TimeProvider"/> (System when none).
    /// </summary>
    public static IServiceCollection AddCollector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CollectorOptions>()
            .Configure(options =>
            {
                configuration.GetSection(CollectorOptions.DevicesSection).Bind(options.Devices);
                configuration.GetSection(BleOptions.SectionName).Bind(options.Ble);
                configuration.GetSection(CollectorOptions.CentralSection).Bind(options.Central);
                configuration.GetSection(HistoryOptions.SectionName).Bind(options.History);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => StoreParts.Require<IHistoryQuarantine>(sp.GetRequiredService<IMinuteStore>()));
        services.TryAddSingleton(sp => StoreParts.Require<IClockEvidence>(sp.GetRequiredService<IMinuteStore>()));
        services.TryAddSingleton<CollectorStatus>();
        services.TryAddSingleton<ICollectorStatus>(sp => sp.GetRequiredService<CollectorStatus>());
        // Closed live minutes wait here for the devices' history; the API merges them (IUnstoredMinutes).
        services.TryAddSingleton(sp => new UnstoredLiveMinutes(sp.GetRequiredService<IOptions<CollectorOptions>>().Value.Ble.UnstoredLiveLimit));
        services.TryAddSingleton<IUnstoredMinutes>(sp => sp.GetRequiredService<UnstoredLiveMinutes>());
        services.AddSingleton<IReadinessCheck, BluetoothReadinessCheck>();
        services.AddSingleton<IProgressHeartbeat, CollectorHeartbeat>();
        services.AddSingleton<IDeviceLiveInfo, CollectorDeviceInfo>();
        services.AddHostedService<BluetoothCollector>();
        return services;
    }
}
