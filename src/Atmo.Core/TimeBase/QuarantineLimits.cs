namespace Atmo.Core.TimeBase;

/// <summary>
/// The bounds of the history quarantine, so that no device (or spoofer) can fill the disk with it. Per device: one
/// full device memory (14,400 minutes, 10 days); adding beyond it drops that device's oldest quarantined batches,
/// which the device itself would have overwritten by then. In total: four device memories; a batch that would pass
/// it is not quarantined and not acknowledged (it stays on the device), and the collector stops asking that device
/// until the quarantine is cleared. Both caps are logged when reached. About 150 bytes a minute on disk: 9 MB at most.
/// </summary>
public static class QuarantineLimits
{
    public const int MinutesPerDevice = 14_400;
    public const int MinutesInTotal = 4 * MinutesPerDevice;

    /// <summary>Re-anchoring marks kept (the oldest are dropped beyond this).</summary>
    public const int Marks = 1_000;
}
