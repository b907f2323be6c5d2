using Atmo.Ble.Protocol;

namespace Atmo.Collector.Options;

/// <summary>Configuration section <c>History</c>: downloading the devices' own minute history.</summary>
public sealed class HistoryOptions
{
    public const string SectionName = "History";

    /// <summary>Minutes between two history downloads of a device that stays in range (1…1440). Default 60.</summary>
    public int IntervalMinutes { get; set; } = 60;

    /// <summary>
    /// True: acknowledge each stored batch (HOK) so the device marks it synced. False: observe only — batches
    /// are stored but never acknowledged, so the phone app still gets them. Default true.
    /// </summary>
    public bool Acknowledge { get; set; } = true;

    /// <summary>
    /// Seconds of each minute in which HST may be sent. The device back-dates records from the HST time, so
    /// sending it mid-minute keeps every record's stamp inside its own minute. Default 5.
    /// </summary>
    public int RequestWindowStartSecond { get; set; } = 5;

    /// <summary>End (exclusive) of that window. Default 50.</summary>
    public int RequestWindowEndSecond { get; set; } = 50;

    /// <summary>Timeouts of the UART session (advanced: <c>History:Session:FirstReplyTimeout</c>, <c>…:BetweenBatchesTimeout</c>, <c>…:BetweenPacketsTimeout</c>) and its early end (<c>…:EndAtNewestRecord</c>, <c>…:NewestRecordSilence</c>). Default: the protocol document's timeouts (10 s / 15 s / 10 s), early end on after 0.5 s. Its Acknowledge is ignored: <see cref="Acknowledge"/> decides.</summary>
    public HistorySessionOptions Session { get; set; } = new();
}
