using Atmo.Mqtt.Facts;

namespace Atmo.Bench.Mqtt;

/// <summary>No devices and a ready gateway: the benchmark measures the minute stream alone.</summary>
internal sealed class NoGatewayFacts : IGatewayFacts
{
    public ValueTask<GatewayFacts> ReadGatewayAsync(CancellationToken cancellationToken) => ValueTask.FromResult(new GatewayFacts(true, 0, null));

    public IReadOnlyList<AtmotubeFacts> ReadDevices() => [];
}
