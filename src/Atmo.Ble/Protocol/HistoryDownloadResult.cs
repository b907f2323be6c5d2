namespace Atmo.Ble.Protocol;

/// <param name="Bytes">Notification bytes (HT + HD) of the stored batches.</param>
/// <param name="Problem">What went wrong, for a person; null when <see cref="HistoryOutcome.Completed"/>.</param>
public sealed record HistoryDownloadResult(
    HistoryOutcome Outcome,
    int BatchesStored,
    int BatchesAcknowledged,
    int RecordsStored,
    long Bytes,
    TimeSpan Elapsed,
    string? Problem)
{
    /// <summary>
    /// True when the session ended after the short <see cref="HistorySessionOptions.NewestRecordSilence"/> because
    /// its last acknowledged batch reached the newest record the device can hold (see
    /// <see cref="HistorySessionOptions.EndAtNewestRecord"/>); false when it ended otherwise (full silence, failure).
    /// </summary>
    public bool EndedAtNewestRecord { get; init; }

    /// <summary>The HST time of the session, whole seconds.</summary>
    public DateTimeOffset RequestTime { get; init; }

    /// <summary>The device's time of the last record of the last stored batch; null when no batch was stored.</summary>
    public DateTimeOffset? NewestRecordTime { get; init; }
}
