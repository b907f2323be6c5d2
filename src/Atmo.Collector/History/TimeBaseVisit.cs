using Atmo.Core.Plausibility;

namespace Atmo.Collector.History;

/// <summary>What one visit's download did with record times (see <see cref="HistoryTimeBase"/>).</summary>
internal sealed class TimeBaseVisit(bool holdFromStart)
{
    /// <summary>From the first batch with implausible times on (or from the start, for a device in doubt), batches go to the quarantine.</summary>
    public bool Holding { get; set; } = holdFromStart;

    /// <summary>Batches stored as stamped; the download is re-anchored as a whole only when this is 0.</summary>
    public int BatchesStored { get; set; }

    public List<long> HeldBatches { get; } = [];

    public int HeldMinutes { get; set; }

    /// <summary>Minutes whose device time was refused (too early or too late), for the count and the one log line of the visit.</summary>
    public int RefusedMinutes { get; set; }

    public MinuteTimeVerdict FirstRefusal { get; set; }

    public string? Reason { get; set; }

    public int EvictedMinutes { get; set; }
}
