namespace Atmo.Collector.Devices;

/// <summary>
/// When an auto-discovered device is adopted: advertisements are unauthenticated, so one is not enough. A unit in
/// range advertises every few seconds; a passing phone or a one-off spoof does not keep it up for a minute.
/// </summary>
public static class AdoptionRule
{
    /// <summary>Plausible advertisements (decoded, no value dropped by the shared limits) needed before adoption.</summary>
    public const int Sightings = 3;

    /// <summary>The first and the latest of them lie at least this far apart.</summary>
    public static readonly TimeSpan Span = TimeSpan.FromMinutes(1);

    /// <summary>A candidate not heard for this long starts over (and leaves memory).</summary>
    public static readonly TimeSpan CandidateExpiry = TimeSpan.FromMinutes(10);

    /// <summary>Candidates remembered at once; beyond it the one heard least recently is dropped (memory stays bounded).</summary>
    public const int MaxCandidates = 1024;
}
