namespace Atmo.Core.Plausibility;

public enum MinuteTimeVerdict
{
    Plausible,

    /// <summary>Before <see cref="PlausibleTime.EarliestMinute"/>.</summary>
    TooEarly,

    /// <summary>Later than the current minute plus <see cref="PlausibleTime.FutureTolerance"/>.</summary>
    TooLate,
}
