using Atmo.Core;
using Atmo.Mqtt.Facts;

namespace Atmo.Mqtt.Tests.Support;

/// <summary>The gateway's facts as a test sets them (the real ones need a collector).</summary>
public sealed class FakeGatewayFacts : IGatewayFacts
{
    private volatile IReadOnlyList<AtmotubeFacts> _devices = [];

    public static AtmotubeFacts Device(string mac, string? name = null, bool present = true) =>
        new(MacAddress.Parse(mac), name ?? mac, "74051E", present, 87, -61, new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    public void Set(params AtmotubeFacts[] devices) => _devices = devices;

    public ValueTask<GatewayFacts> ReadGatewayAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new GatewayFacts(true, _devices.Count, null));

    public IReadOnlyList<AtmotubeFacts> ReadDevices() => _devices;
}
