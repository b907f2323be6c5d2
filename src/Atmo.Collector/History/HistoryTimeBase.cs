using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using Atmo.Ble.Protocol;
using Atmo.Collector.Live;
using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Core.TimeBase;
using Microsoft.Extensions.Logging;

namespace Atmo.Collector.History;

/// <summary>
/// What happens to history whose times cannot be trusted; no batch is ever rejected at every visit. The stated rule:
/// <list type="number">
/// <item>A batch whose times are all plausible (<see cref="PlausibleTime"/>: from 2016, at most the current minute
/// + 1) is stored as the device stamped it, as always.</item>
/// <item>From the first batch that is not, every batch of the download is held: kept in the quarantine
/// (<see cref="IHistoryQuarantine"/>, with the device's own times and the HST time), then acknowledged.</item>
/// <item>When the download completes (the device went quiet) and its first batch was held, the whole download is
/// re-anchored: the device back-dates from HST, so its newest record belongs to the minute before HST (protocol
/// §4.5); every held minute moves by the same whole-minute shift, is stored with a <see cref="ReanchorMark"/>, and
/// leaves the quarantine; the shift is logged once. A download that did not complete, that began with stored
/// batches, or whose shifted times would still be implausible stays quarantined, for
/// <c>atmo-edge quarantine apply</c>.</item>
/// <item>A completed download whose newest record lies more than two minutes from HST − 60 s (a device whose time
/// base runs behind, e.g. −2 days after a flat battery, which stores plausibly but wrongly) is logged once, and that
/// device's next downloads are held from the first batch so that they are re-anchored as a whole.</item>
/// </list>
/// History stored either way replaces the device's unstored live minutes (<see cref="LiveMinuteWriter.HistoryStored"/>).
/// </summary>
internal sealed partial class HistoryTimeBase(
    IMinuteStore store, IHistoryQuarantine quarantine, LiveMinuteWriter live, CollectorStatus status, TimeProvider time, ILogger logger)
{
    /// <summary>How far from HST − 60 s a complete download's newest record may lie and still count as on time (±60 s accuracy, §4.5, plus a minute).</summary>
    public static readonly TimeSpan OnTimeTolerance = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<MacAddress, TimeSpan> _offBase = new();
    private bool _totalCapLogged;

    public TimeBaseVisit Begin(MacAddress device) => new(_offBase.ContainsKey(device));

    /// <summary>Stores or holds one batch; throws <see cref="QuarantineFullException"/> when it can be neither (then it is not acknowledged).</summary>
    public WriteResult? Persist(MacAddress device, string label, HistoryBatch batch, MinuteRecord[] records, TimeBaseVisit visit)
    {
        DateTimeOffset now = time.GetUtcNow();
        MinuteTimeVerdict verdict = Judge(records, now);
        if (verdict != MinuteTimeVerdict.Plausible)
        {
            visit.RefusedMinutes += records.Count(r => !PlausibleTime.IsPlausible(r.Time, now));
            if (visit.Reason is null)
            {
                visit.FirstRefusal = verdict;
                visit.Reason = Describe(batch, verdict, now);
            }
        }

        if (!visit.Holding && verdict == MinuteTimeVerdict.Plausible)
        {
            visit.BatchesStored++;
            WriteResult result = store.Write(records);
            live.HistoryStored(device, records, result);
            return result;
        }

        visit.Holding = true; // once held, every later batch of the download is held too: one time base, one decision
        var quarantined = new QuarantinedBatch(0, device, now, batch.RequestTime, batch.FirstRecordTime, records,
            visit.Reason ?? "the device's time base was off in an earlier download");
        QuarantineAddResult added = quarantine.Add(quarantined);
        if (!added.Kept)
        {
            if (!_totalCapLogged)
                LogTotalCap(label, QuarantineLimits.MinutesInTotal);
            _totalCapLogged = true;
            throw new QuarantineFullException(
                $"the history quarantine holds its cap of {QuarantineLimits.MinutesInTotal} minutes; batch {batch.Sequence} stays on the device until 'atmo-edge quarantine apply' makes room");
        }

        _totalCapLogged = false;
        visit.HeldBatches.Add(added.Id);
        visit.HeldMinutes += records.Length;
        visit.EvictedMinutes += added.EvictedMinutes;
        return null;
    }

    /// <summary>After the session: re-anchor, or report what stays quarantined; one log line per visit at most.</summary>
    public void Finish(MacAddress device, string label, HistoryDownloadResult result, bool acknowledged, TimeBaseVisit visit)
    {
        if (visit.RefusedMinutes > 0)
            status.UpdateDevice(device, s => s with { TimeRefusedMinutes = s.TimeRefusedMinutes + visit.RefusedMinutes });
        if (visit.EvictedMinutes > 0)
            LogDeviceCap(label, QuarantineLimits.MinutesPerDevice, visit.EvictedMinutes);

        bool complete = result.Outcome == HistoryOutcome.Completed && acknowledged && result.NewestRecordTime is not null;
        TimeSpan? shift = complete ? ShiftOf(result.RequestTime, result.NewestRecordTime!.Value) : null;
        if (complete && visit.HeldBatches.Count == 0)
        {
            // Stored as stamped. A newest record far from HST − 60 s means a time base that runs behind.
            if (shift is { } behind && behind.Duration() > OnTimeTolerance)
            {
                _offBase[device] = behind;
                LogBehind(label, Text(behind));
            }
            else
            {
                _offBase.TryRemove(device, out _);
            }

            return;
        }

        if (visit.HeldBatches.Count == 0)
            return;

        if (!acknowledged)
        {
            // Observe-only: nothing was acknowledged, the device keeps every batch and sends it again next visit,
            // so a quarantined copy would only pile up.
            quarantine.Remove(visit.HeldBatches);
            LogObservedOnly(label, visit.HeldMinutes, visit.Reason ?? "time base in doubt");
            return;
        }

        if (complete && visit.BatchesStored == 0 && Reanchor(device, label, shift!.Value, visit))
            return;

        string why = !complete ? $"the download did not complete ({result.Outcome})"
            : visit.BatchesStored > 0 ? "the download began with batches stored as stamped, so one shift cannot be trusted for all of it"
            : "even re-anchored to HST − 60 s its times would not be plausible";
        status.UpdateDevice(device, s => s with { QuarantinedMinutes = s.QuarantinedMinutes + visit.HeldMinutes });
        LogQuarantined(label, visit.HeldMinutes, visit.HeldBatches.Count, visit.Reason ?? "time base in doubt", why);
    }

    private bool Reanchor(MacAddress device, string label, TimeSpan shift, TimeBaseVisit visit)
    {
        DateTimeOffset now = time.GetUtcNow();
        var held = new HashSet<long>(visit.HeldBatches);
        MinuteRecord[] shifted = [.. quarantine.List(device).Where(b => held.Contains(b.Id))
            .SelectMany(b => b.Records).Select(r => r with { Time = r.Time + shift })];
        if (shifted.Length == 0 || shifted.Any(r => !PlausibleTime.IsPlausible(r.Time, now)))
            return false;

        // Stored first, then marked, then removed from the quarantine: a crash in between leaves minutes stored and
        // still quarantined, and storing them again changes nothing (identical history is "unchanged").
        live.HistoryStored(device, shifted, store.Write(shifted));
        quarantine.AddMark(new ReanchorMark(device, now, shift, shifted.Min(r => r.Time), shifted.Max(r => r.Time), shifted.Length, "collector"));
        quarantine.Remove(visit.HeldBatches);
        bool sameAsBefore = _offBase.TryGetValue(device, out TimeSpan previous) && (previous - shift).Duration() <= OnTimeTolerance;
        _offBase[device] = shift;
        status.UpdateDevice(device, s => s with { ReanchoredMinutes = s.ReanchoredMinutes + shifted.Length, LastTimeBaseShift = shift });
        // The shift is logged once: visits after it that find the same shift say so only at Debug.
        if (sameAsBefore)
            LogReanchoredAgain(label, shifted.Length, Text(shift));
        else
            LogReanchored(label, shifted.Length, Text(shift), visit.Reason ?? "time base in doubt");
        return true;
    }

    /// <summary>The whole-minute shift that puts the newest record on the minute before HST.</summary>
    public static TimeSpan ShiftOf(DateTimeOffset requestTime, DateTimeOffset newestRecord) =>
        TimeSpan.FromMinutes(Math.Round((requestTime - HistoryRecordDecoder.Interval - newestRecord).TotalMinutes));

    private static MinuteTimeVerdict Judge(MinuteRecord[] records, DateTimeOffset now)
    {
        foreach (MinuteRecord record in records)
        {
            MinuteTimeVerdict verdict = PlausibleTime.Judge(record.Time, now);
            if (verdict != MinuteTimeVerdict.Plausible)
                return verdict;
        }

        return MinuteTimeVerdict.Plausible;
    }

    private static string Describe(HistoryBatch batch, MinuteTimeVerdict verdict, DateTimeOffset now)
    {
        string text = verdict == MinuteTimeVerdict.TooEarly
            ? Invariant($"record times from {batch.FirstRecordTime:u} are before {PlausibleTime.EarliestMinute:yyyy-MM-dd}")
            : Invariant($"record times reach {batch.LastRecordTime:u}, later than the host clock {now:u} + {PlausibleTime.FutureTolerance.TotalMinutes:0} min");
        uint swapped = BinaryPrimitives.ReverseEndianness((uint)batch.FirstRecordTime.ToUnixTimeSeconds());
        var swappedTime = DateTimeOffset.FromUnixTimeSeconds(swapped);
        if (PlausibleTime.IsPlausible(MinuteTime.Floor(swappedTime), now) && swappedTime.Year >= PlausibleTime.EarliestMinute.Year)
            text += Invariant($" (byte-swapped, HT would read {swappedTime:u}: the device may have sent it little-endian; the protocol is big-endian)");
        return text;
    }

    private static string Text(TimeSpan shift) =>
        (shift < TimeSpan.Zero ? "−" : "+") + (shift.Duration() >= TimeSpan.FromDays(1)
            ? Invariant($"{shift.Duration().TotalDays:0.##} d")
            : Invariant($"{shift.Duration().TotalMinutes:0} min"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History of {Device}: {Minutes} minutes re-anchored by {Shift} and stored, marked as shifted ({Reason}); the newest record now falls on the minute before the HST time")]
    private partial void LogReanchored(string device, int minutes, string shift, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "History of {Device}: {Minutes} minutes re-anchored by the same {Shift} as before and stored")]
    private partial void LogReanchoredAgain(string device, int minutes, string shift);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History of {Device}: {Minutes} minutes in {Batches} batches quarantined and acknowledged ({Reason}); not re-anchored because {Why}. See 'atmo-edge quarantine list'")]
    private partial void LogQuarantined(string device, int minutes, int batches, string reason, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "History of {Device}: {Minutes} minutes with untrustworthy times seen in observe-only mode ({Reason}); not stored, left on the device")]
    private partial void LogObservedOnly(string device, int minutes, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History of {Device}: the newest record lies {Shift} from the minute before the HST time, so the device's time base is off; this download was stored as stamped, its next ones are held and re-anchored as a whole")]
    private partial void LogBehind(string device, string shift);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History of {Device}: the quarantine's cap of {Cap} minutes per device was reached; its {Evicted} oldest quarantined minutes were dropped (the device would have overwritten them too)")]
    private partial void LogDeviceCap(string device, int cap, int evicted);

    [LoggerMessage(Level = LogLevel.Error, Message = "History of {Device}: the quarantine's total cap of {Cap} minutes is reached; batches that need it are not acknowledged and stay on their device until 'atmo-edge quarantine apply' makes room")]
    private partial void LogTotalCap(string device, int cap);
}
