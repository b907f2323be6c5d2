namespace Atmo.Simulator.Devices;

/// <summary>
/// Named time-base faults for <see cref="EmulatedAtmotube.TimeBaseOffset"/> (protocol §4.5: after power cycles or a
/// flat battery a unit may stamp its history from its own, wrong clock): +3h, -2d, +1d, +1y and pre-2016.
/// </summary>
public static class TimeBaseFaults
{
    public static IReadOnlyList<string> Names { get; } = ["+3h", "-2d", "+1d", "+1y", "pre-2016"];

    /// <summary>The offset a fault adds to the unit's record times at <paramref name="now"/> (pre-2016: to mid-2015, in whole minutes).</summary>
    public static TimeSpan Offset(string name, DateTimeOffset now) => name switch
    {
        "+3h" => TimeSpan.FromHours(3),
        "-2d" => TimeSpan.FromDays(-2),
        "+1d" => TimeSpan.FromDays(1),
        "+1y" => TimeSpan.FromDays(365),
        "pre-2016" => TimeSpan.FromMinutes(Math.Round((new DateTimeOffset(2015, 6, 1, 0, 0, 0, TimeSpan.Zero) - now).TotalMinutes)),
        _ => throw new ArgumentException($"Unknown time-base fault '{name}'; one of {string.Join(", ", Names)}.", nameof(name)),
    };
}
