using Atmo.Collector.Options;

namespace Atmo.Collector.Radio;

/// <summary>
/// The fairness rule of the radio, in one place: who goes first (<see cref="Priority"/>, applied by the
/// <see cref="RadioArbiter"/>) and how long a visit may hold the radio (<see cref="FirstHold"/>, applied by the
/// visit). Together they bound how long failing devices can delay a working one: one
/// <see cref="BleOptions.FailingDeviceHold"/>, whatever their number (docs/collector.md, "Fairness").
/// </summary>
public static class RadioPolicy
{
    /// <param name="proven">Its last visit completed a download.</param>
    public static RadioPriority Priority(bool configured, bool proven, int consecutiveFailures) =>
        consecutiveFailures > 0 ? RadioPriority.Failing
        : configured ? RadioPriority.Configured
        : proven ? RadioPriority.Working
        : RadioPriority.New;

    /// <summary>
    /// The hold a visit starts with: a device whose last visit completed a download gets
    /// <see cref="BleOptions.MaxConnectionHold"/>; any other (new, or failing) gets the shorter
    /// <see cref="BleOptions.FailingDeviceHold"/>, extended to the full hold once its first batch is stored, so a
    /// real unit with a long backlog still downloads it and a device that never delivers holds the radio briefly.
    /// </summary>
    public static TimeSpan FirstHold(bool proven, BleOptions options) =>
        proven ? options.MaxConnectionHold : options.FailingDeviceHold;
}
