namespace Atmo.Core.TimeBase;

/// <summary>
/// History whose time base could not be trusted, kept in the database (bounded, see <see cref="QuarantineLimits"/>)
/// instead of being stored at wrong times or left on the device to be rejected at every visit; and the marks of
/// history that was stored shifted. Every change is durable when the call returns.
/// </summary>
public interface IHistoryQuarantine
{
    QuarantineAddResult Add(QuarantinedBatch batch);

    /// <summary>Quarantined batches, oldest first; of one device or of all.</summary>
    IReadOnlyList<QuarantinedBatch> List(MacAddress? device = null);

    /// <summary>Per device: batches, minutes and when they arrived.</summary>
    IReadOnlyList<QuarantineSummary> Summary();

    /// <summary>Removes batches (after their minutes were stored); returns how many were there.</summary>
    int Remove(IReadOnlyCollection<long> ids);

    void AddMark(ReanchorMark mark);

    /// <summary>Re-anchoring marks, oldest first; of one device or of all.</summary>
    IReadOnlyList<ReanchorMark> Marks(MacAddress? device = null);
}
