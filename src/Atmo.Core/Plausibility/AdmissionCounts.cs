namespace Atmo.Core.Plausibility;

/// <summary>What <see cref="PlausibleMinuteStore"/> kept out of the store for one device since the process started.</summary>
/// <param name="FutureMinutes">Minutes later than now + <see cref="PlausibleTime.FutureTolerance"/>.</param>
/// <param name="EarlyMinutes">Minutes before <see cref="PlausibleTime.EarliestMinute"/>.</param>
/// <param name="Values">Single values outside <see cref="PlausibleValues.Limits"/>.</param>
public sealed record AdmissionCounts(long FutureMinutes, long EarlyMinutes, long Values)
{
    public static readonly AdmissionCounts None = new(0, 0, 0);
}
