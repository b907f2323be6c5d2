namespace Atmo.Collector.Radio;

/// <summary>Who gets the radio first (lower first); within a class, the device that waited longest since its last turn.</summary>
public enum RadioPriority
{
    /// <summary>A configured device whose last visit did not fail.</summary>
    Configured = 0,

    /// <summary>An auto-discovered device whose last visit completed a download.</summary>
    Working = 1,

    /// <summary>An auto-discovered device that has not completed a download yet (and has not failed).</summary>
    New = 2,

    /// <summary>Any device whose last visit failed: it waits until no other device does.</summary>
    Failing = 3,
}
