using Atmo.Core;
using Atmo.Mqtt.HomeAssistant;
using Atmo.Mqtt.Stream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Atmo.Mqtt;

public static class MqttServices
{
    /// <summary>
    /// The <c>Mqtt</c> options (validated at start whether MQTT is on or off) and, when <c>Mqtt:Host</c> is set, the
    /// publisher: the connection, Home Assistant discovery and state, the minute stream and replays. The caller
    /// registers <see cref="IMinuteStore"/>, <see cref="IMinuteChangeFeed"/>, <see cref="Facts.IGatewayFacts"/> and
    /// <see cref="Facts.IMinutePayloadWriter"/>.
    /// </summary>
    public static IServiceCollection AddMqtt(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MqttOptions>().Bind(configuration.GetSection(MqttOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MqttOptions>, MqttOptionsValidator>());
        if (string.IsNullOrWhiteSpace(configuration[$"{MqttOptions.SectionName}:{nameof(MqttOptions.Host)}"]))
            return services;

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            MqttOptions options = sp.GetRequiredService<IOptions<MqttOptions>>().Value;
            return new MqttTopics(options.EffectiveTopicPrefix, options.DiscoveryPrefix, options.GatewayId);
        });
        services.AddSingleton(sp => new DiscoveryMessages(sp.GetRequiredService<MqttTopics>(), BuildInfo.Version));
        services.AddSingleton<MqttConnection>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttConnection>());
        services.AddHostedService<DeviceAnnouncer>();
        services.AddSingleton<MinuteMessages>();
        services.AddSingleton<MinuteStreamPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<MinuteStreamPublisher>());
        services.AddHostedService<ReplayService>();
        return services;
    }
}
