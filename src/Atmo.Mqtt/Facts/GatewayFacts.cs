namespace Atmo.Mqtt.Facts;

/// <param name="Ready">What <c>/readyz</c> answers.</param>
/// <param name="DevicesTracked">Devices the gateway announces.</param>
/// <param name="LastCloudSync">When the last cloud sync pass finished; null when never or when cloud sync is off.</param>
public sealed record GatewayFacts(bool Ready, int DevicesTracked, DateTimeOffset? LastCloudSync);
