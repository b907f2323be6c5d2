using Atmo.Mqtt;
using Atmo.Mqtt.Facts;

namespace Atmo.Gateway.Mqtt;

public static class GatewayMqttServices
{
    /// <summary>The MQTT publisher (issue 13, docs/mqtt.md) with the gateway's facts and the API's minute format; off unless <c>Mqtt:Host</c> is set.</summary>
    public static IServiceCollection AddGatewayMqtt(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IGatewayFacts, GatewayMqttFacts>();
        services.AddSingleton<IMinutePayloadWriter, ApiMinutePayloadWriter>();
        return services.AddMqtt(configuration);
    }
}
