using Atmo.Core.Operations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;

namespace Atmo.Gateway.Health;

public static class HealthServices
{
    /// <summary>The readiness probe and its built-in checks; other parts add their own <see cref="IReadinessCheck"/>.</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName);
        services.AddSingleton<DatabaseWritableCheck>();
        services.AddSingleton<IReadinessCheck>(sp => sp.GetRequiredService<DatabaseWritableCheck>());
        services.AddSingleton<IReadinessCheck, ClockCheck>();
        services.AddSingleton<IReadinessCheck, CloudSyncCheck>();
        services.AddSingleton<IReadinessCheck, QuarantineCheck>();
        services.AddSingleton<ReadinessProbe>();
        return services;
    }

    /// <summary>The systemd watchdog feeder; it does nothing unless <paramref name="period"/> is set (see <see cref="WatchdogOptions.PeriodFromEnvironment"/>).</summary>
    public static IServiceCollection AddSystemdWatchdog(this IServiceCollection services, TimeSpan? period)
    {
        services.Configure<WatchdogOptions>(o => o.Period = period);
        // UseSystemd registers the notifier only under systemd; outside it, notifying is a no-op.
        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddHostedService<SystemdWatchdog>();
        return services;
    }
}
