namespace Atmo.Core.TimeBase;

/// <summary>
/// The mark left when history was stored at times other than the device's own: the minutes from
/// <see cref="FirstMinute"/> to <see cref="LastMinute"/> (as stored) were shifted by <see cref="Shift"/>.
/// </summary>
/// <param name="By">"collector" (the re-anchor rule) or "operator" (<c>atmo-edge quarantine apply</c>).</param>
public sealed record ReanchorMark(
    MacAddress Device,
    DateTimeOffset At,
    TimeSpan Shift,
    DateTime FirstMinute,
    DateTime LastMinute,
    int Minutes,
    string By);
