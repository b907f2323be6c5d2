namespace Atmo.Bench.Scale;

/// <summary>What one scale run is: N emulated units at one MTU, the real collector, one accelerated clock.</summary>
internal sealed record ScaleSettings(
    int Devices,
    int Mtu,
    double Speed,
    TimeSpan Duration,
    TimeSpan Warmup,
    bool EndAtNewestRecord,
    int IntervalMinutes = 60,
    int Seed = 1)
{
    /// <summary>Further collector settings (<c>--set Key=Value</c>), e.g. <c>Ble:AbsenceThreshold</c>.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
}
