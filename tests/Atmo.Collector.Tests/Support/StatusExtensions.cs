using Atmo.Collector.Status;

namespace Atmo.Collector.Tests.Support;

internal static class StatusExtensions
{
    /// <summary>The device holding the radio, or null when no connection is open.</summary>
    public static bool? Radio(this ICollectorStatus status) => status.Adapter.PausedForConnection ? true : null;
}
