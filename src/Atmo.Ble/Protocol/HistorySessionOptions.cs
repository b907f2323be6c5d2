namespace Atmo.Ble.Protocol;

/// <summary>Timeouts of the history session. Defaults follow the protocol document, §4.6.</summary>
public sealed record HistorySessionOptions
{
    /// <summary>How long to wait for the first reply to HST. Default 10 s.</summary>
    public TimeSpan FirstReplyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Silence after an acknowledged batch that means "no more history". Default 15 s. With
    /// <see cref="EndAtNewestRecord"/> this is only the fallback, for batches that do not end at the newest record.
    /// </summary>
    public TimeSpan BetweenBatchesTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// End of history without the long silence. The device back-dates its records from the HST time, so the newest
    /// record it can send in this session is stamped HST − 60 s (protocol document §4.5, §4.8). When an
    /// acknowledged batch ends there (its last record lies in [HST − 60 s, HST], the ±60 s accuracy of §4.5), no
    /// unsynced record can follow, and the session waits only <see cref="NewestRecordSilence"/> instead of
    /// <see cref="BetweenBatchesTimeout"/>. Safe for data: a record that was not received was not acknowledged and
    /// stays on the device for the next visit. A device whose time base is off (last record outside that window)
    /// still ends on the full silence. False = always wait <see cref="BetweenBatchesTimeout"/>. Default true.
    /// </summary>
    public bool EndAtNewestRecord { get; set; } = true;

    /// <summary>
    /// Silence that ends the session after a batch reaching the newest record (<see cref="EndAtNewestRecord"/>).
    /// Not zero on purpose: it lets the last HOK (a write without response) leave the radio before the disconnect,
    /// and a device that sends another HT after all is still served, the session then carries on as usual.
    /// Zero = end at once. Default 0.5 s.
    /// </summary>
    public TimeSpan NewestRecordSilence { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest gap between packets inside a batch. Default 10 s.</summary>
    public TimeSpan BetweenPacketsTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// False = observe only: batches are persisted but never acknowledged, so the device keeps them
    /// for the phone app (and re-sends the first batch). Default true.
    /// </summary>
    public bool Acknowledge { get; set; } = true;

    /// <summary>
    /// Persisting a batch longer than this logs a warning: the device waits only about 5 s for HOK before it
    /// sends the batch again. Default 3 s.
    /// </summary>
    public TimeSpan PersistWarningThreshold { get; set; } = TimeSpan.FromSeconds(3);
}
