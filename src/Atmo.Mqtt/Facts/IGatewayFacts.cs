namespace Atmo.Mqtt.Facts;

/// <summary>What the gateway knows now, read by the publisher for Home Assistant and the retained state topics. The gateway implements it.</summary>
public interface IGatewayFacts
{
    ValueTask<GatewayFacts> ReadGatewayAsync(CancellationToken cancellationToken);

    /// <summary>Every device to announce: configured, heard over the air, or with stored minutes.</summary>
    IReadOnlyList<AtmotubeFacts> ReadDevices();
}
