
namespace Atmo.Sync;

/// <summary>The outcome of one sync pass.</summary>
/// <param name="Enabled">False when no API key is configured (nothing was done).</param>
/// <param name="RangesPlanned">Requests planned: date ranges over days with gaps that are not backed off.</param>
/// <param name="RangesCompleted">Ranges the cloud answered (with or without data).</param>
/// <param name="RangesFailed">Ranges that failed after retries (bad body, 4xx, network); asked again next pass.</param>
/// <param name="RequestsSent">HTTP requests sent (paging, retries and 429s included).</param>
/// <param name="RecordsReceived">Distinct minutes the cloud returned for the ranges asked.</param>
/// <param name="MinutesFilled">Minutes inserted where nothing was stored, plus live minutes replaced by cloud ones.</param>
/// <param name="Unchanged">Records identical to, or outranked by, what was stored.</param>
/// <param name="Disagreements">Minutes where the stored history/cloud record differs from the cloud's (the stored one was kept).</param>
/// <param name="Rejected">Cloud records not stored: a time before 2016 (<see cref="Api.CloudRecordRules"/>).</param>
/// <param name="DaysBackedOff">Device-days now waiting for their back-off (the cloud had nothing new for them).</param>
/// <param name="StoppedReason">Why the pass stopped early (circuit open, key refused), or null.</param>
/// <param name="Errors">One line per failed range, without the API key.</param>
public sealed record SyncSummary(
    bool Enabled,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int Devices,
    int RangesPlanned,
    int RangesCompleted,
    int RangesFailed,
    long RequestsSent,
    long RecordsReceived,
    long MinutesFilled,
    long Unchanged,
    long Disagreements,
    long Rejected,
    int DaysBackedOff,
    string? StoppedReason,
    IReadOnlyList<string> Errors)
{
    /// <summary>Implausible values dropped by the store's gate (the rest of their minute was stored).</summary>
    public long ValuesDropped { get; init; }

    public TimeSpan Duration => FinishedAt - StartedAt;

    public static SyncSummary Disabled(DateTimeOffset now) =>
        new(false, now, now, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "cloud sync is off: no Cloud:ApiKey or Cloud:ApiKeyFile", []);
}
