using Atmo.Core;
using Atmo.Storage.Encoding;

namespace Atmo.Storage.Writing;

/// <summary>
/// Recognises a history batch that the device sent again with its time base shifted by one or two
/// minutes, so it is not stored a second time one minute off.
/// </summary>
/// <remarks>
/// The history records of one device in a batch are a shifted re-send when all of these hold:
/// <list type="number">
/// <item>there are at least <see cref="MinimumRecords"/> of them;</item>
/// <item>for one shift Δ in −1, +1, −2, +2 minutes (tried in that order), every one of them has the
/// same values as a stored <em>history</em> minute at its time + Δ;</item>
/// <item>at least one of them falls on a minute already stored as history with <em>different</em>
/// values (at Δ = 0 the batch contradicts the store, at Δ it agrees exactly).</item>
/// </list>
/// Rule 3 is what keeps genuinely new minutes safe: a stretch of constant values (a quiet room,
/// PM at zero) matches itself at every shift, but it never contradicts the store at its own
/// minutes, so it is stored normally. The price: a re-send of constant data, or one too short to
/// overlap its first copy, stores up to two extra minutes with those same values instead of
/// losing a real one.
/// </remarks>
internal static class ShiftedResend
{
    public const int MinimumRecords = 2;

    private static readonly int[] Shifts = [-1, 1, -2, 2];

    /// <summary>The shift Δ in minutes, or null when the batch is not a shifted re-send.</summary>
    public static int? FindShift(DeviceBatch stored, IReadOnlyList<IncomingMinute> history)
    {
        if (history.Count < MinimumRecords || !ContradictsStoredHistory(stored, history))
            return null;
        foreach (int shift in Shifts)
        {
            if (history.All(minute => MatchesStoredHistory(stored, minute, minute.Minute + shift)))
                return shift;
        }

        return null;
    }

    private static bool ContradictsStoredHistory(DeviceBatch stored, IReadOnlyList<IncomingMinute> history) =>
        history.Any(minute =>
            stored.Find(minute.Minute) is { } block &&
            block.Has(minute.Slot) &&
            block.SourceAt(minute.Slot) == MinuteSource.History &&
            !block.HasSameValues(minute.Slot, minute.Mask, minute.Values));

    private static bool MatchesStoredHistory(DeviceBatch stored, IncomingMinute minute, long at)
    {
        if (at < 0)
            return false;
        int slot = MinuteClock.SlotOf(at);
        return stored.Find(at) is { } block &&
            block.Has(slot) &&
            block.SourceAt(slot) == MinuteSource.History &&
            block.HasSameValues(slot, minute.Mask, minute.Values);
    }
}
