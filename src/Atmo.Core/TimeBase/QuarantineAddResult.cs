namespace Atmo.Core.TimeBase;

/// <param name="Kept">The batch is durably in the quarantine (it may be acknowledged).</param>
/// <param name="Id">Its id when kept.</param>
/// <param name="EvictedMinutes">Minutes of the same device's oldest batches dropped for it (per-device cap).</param>
public sealed record QuarantineAddResult(bool Kept, long Id, int EvictedMinutes)
{
    public static readonly QuarantineAddResult Full = new(false, 0, 0);
}
