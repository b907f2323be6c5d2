using Atmo.Core;

namespace Atmo.Gateway.Simulation;

/// <summary>
/// The clock of the daemon and its commands: the system clock, or — for tests and demos only — the accelerated clock
/// that <see cref="AcceleratedTimeProvider.EnvironmentVariable"/> asks for, so a process killed and restarted
/// (or an emulator in another process) keeps the same accelerated time.
/// </summary>
public static class GatewayClock
{
    // One instance per process: without an origin in the variable, each parse would start its own accelerated
    // clock, and --simulate's units and the collector would disagree by (speed − 1) × the time between parses.
    private static readonly Lazy<TimeProvider> Current = new(() =>
        AcceleratedTimeProvider.Parse(Environment.GetEnvironmentVariable(AcceleratedTimeProvider.EnvironmentVariable)) ?? TimeProvider.System);

    /// <exception cref="FormatException">The environment variable is set but malformed.</exception>
    public static TimeProvider FromEnvironment() => Current.Value;

    /// <summary>Says loudly that time is accelerated: every minute stored is stamped on that clock.</summary>
    public static void WarnIfAccelerated(TimeProvider clock, ILogger logger)
    {
        if (clock is AcceleratedTimeProvider accelerated)
            logger.LogWarning("ACCELERATED CLOCK ({Clock}, set by {Variable}): for tests and demos only; everything stored is stamped on this clock.", accelerated, AcceleratedTimeProvider.EnvironmentVariable);
    }
}
