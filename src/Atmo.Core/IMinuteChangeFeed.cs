namespace Atmo.Core;

/// <summary>
/// The store's durable change feed: every write that inserts or replaces minutes records, in the same
/// transaction, which minutes of which device changed, under a sequence number that grows by one per entry.
/// A consumer (the MQTT publisher) reads the entries after its own cursor, in sequence order, reads the
/// current records of those minutes, and saves its cursor in the same database.
/// </summary>
/// <remarks>
/// An entry holds the changed minutes of one device within one UTC day (a batch that spans several
/// devices or days gives several entries, consecutive numbers). Deletions by retention are not recorded.
/// Entries are pruned once older than <c>Storage:ChangeFeedDays</c> and passed by every saved cursor, and
/// after ten times that whatever the cursors (docs/storage.md, "Change feed"): a consumer whose next entry's
/// sequence is more than one above its cursor missed entries and replays that stretch from the store by range.
/// Thread-safe.
/// </remarks>
public interface IMinuteChangeFeed
{
    /// <summary>The newest sequence number committed, or 0 when the feed has no entry yet.</summary>
    long LastSequence { get; }

    /// <summary>Up to <paramref name="limit"/> entries with a sequence number above <paramref name="sequence"/>, in sequence order.</summary>
    IReadOnlyList<MinuteChange> ChangesAfter(long sequence, int limit);

    /// <summary>
    /// The current stored record of each minute of <paramref name="change"/>, ascending by time. A minute
    /// deleted since (retention) is left out; a minute changed again since has its newest values (and
    /// appears in a later entry too).
    /// </summary>
    IReadOnlyList<MinuteRecord> ReadMinutes(MinuteChange change);

    /// <summary>
    /// Records that consumer <paramref name="name"/> has handled every entry up to <paramref name="sequence"/>.
    /// Costs no commit of its own: the cursor is written in the same transaction as the store's next write,
    /// and when the store closes. After a crash the consumer resumes from the last cursor written, so it may
    /// handle again the entries it handled since the store's last write.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or longer than 100 characters, or the sequence
    /// is negative or above <see cref="LastSequence"/>.</exception>
    void SaveCursor(string name, long sequence);

    /// <summary>The cursor last saved under <paramref name="name"/> (written or not yet), or 0 when none.</summary>
    long LoadCursor(string name);
}
