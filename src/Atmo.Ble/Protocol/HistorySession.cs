using Microsoft.Extensions.Logging;

namespace Atmo.Ble.Protocol;

/// <summary>
/// The history download over the Nordic UART service (§4): HST → optional HO reply → (HT → HD… → persist → HOK)*
/// → silence (or, sooner, the batch that reaches the newest record, see <see cref="HistorySessionOptions.EndAtNewestRecord"/>).
/// The one rule that matters: a batch is acknowledged only after <see cref="PersistBatch"/> returned,
/// because an acknowledged batch is gone from the device. Anything partial, implausible or unstored is left on
/// the device by not acknowledging it.
/// </summary>
/// <remarks>
/// All waiting goes through the <see cref="TimeProvider"/>. One instance may run sessions one after another;
/// it keeps no state between them.
/// </remarks>
public sealed partial class HistorySession
{
    private readonly HistorySessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HistorySession> _logger;

    public HistorySession(HistorySessionOptions options, TimeProvider timeProvider, ILogger<HistorySession> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.NewestRecordSilence < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.NewestRecordSilence, "HistorySessionOptions.NewestRecordSilence must not be negative (zero = end at once).");
        _options = options;
        _time = timeProvider;
        _logger = logger;
    }

    private enum Phase
    {
        /// <summary>HST written; nothing received yet.</summary>
        AwaitingReply,

        /// <summary>HO received; an HT or silence ("no unsynced data") follows.</summary>
        AwaitingHeader,

        /// <summary>HT received; HD packets follow until the running total reaches the count.</summary>
        InBatch,

        /// <summary>A batch was acknowledged; the next HT or silence ("done") follows.</summary>
        AfterAck,

        /// <summary>An HT with a count of 0 arrived: the device has no history to send. Acknowledged, then the session ends.</summary>
        NoHistory,

        /// <summary>
        /// A batch that reached the newest record the device can hold (HST − 60 s) was acknowledged: nothing unsynced
        /// can follow, so only a short silence is awaited. An HT that comes anyway is served as after any ack.
        /// </summary>
        AfterNewestRecord,
    }

    public async Task<HistoryDownloadResult> RunAsync(
        IUartLink link,
        PersistBatch persist,
        IProgress<HistoryProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(persist);
        DateTimeOffset now = _time.GetUtcNow();
        // The device back-dates from the whole seconds it receives, so compare with those.
        var requestTime = DateTimeOffset.FromUnixTimeSeconds(HistoryCommands.ToUnixSeconds(now));
        var run = new RunState(_time, requestTime);
        LogRequesting(now);
        HistoryDownloadResult? failed = await WriteAsync(link, HistoryCommands.Request(now), run, "HST", cancellationToken).ConfigureAwait(false);
        if (failed is not null)
            return failed;

        Phase phase = Phase.AwaitingReply;
        HistoryBatchAssembler? batch = null;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
                return Cancelled(run, batch);

            Received received = await ReceiveAsync(link.Notifications, TimeoutFor(phase), cancellationToken).ConfigureAwait(false);
            switch (received.Status)
            {
                case ReceiveStatus.Cancelled:
                    return Cancelled(run, batch);
                case ReceiveStatus.LinkLost:
                    return LinkLost(run, batch, received.Error);
                case ReceiveStatus.TimedOut:
                    return OnSilence(run, phase, batch);
            }

            string? problem = Handle(received.Notification!, run, ref phase, ref batch);
            if (problem is not null)
                return Rejected(run, batch, problem);
            if (phase == Phase.NoHistory)
            {
                HistoryDownloadResult? failedAck = await AcknowledgeEmptyAsync(link, run, cancellationToken).ConfigureAwait(false);
                if (failedAck is not null)
                    return failedAck;
                phase = Phase.AfterNewestRecord;
                continue;
            }

            if (batch is not { IsComplete: true })
                continue;

            HistoryDownloadResult? ended = await StoreAndAcknowledgeAsync(link, persist, progress, batch, requestTime, run, cancellationToken).ConfigureAwait(false);
            if (ended is not null)
                return ended;
            phase = _options.EndAtNewestRecord && ReachesNewestRecord(batch, requestTime) ? Phase.AfterNewestRecord : Phase.AfterAck;
            batch = null;
        }
    }

    private TimeSpan TimeoutFor(Phase phase) => phase switch
    {
        Phase.AwaitingReply => _options.FirstReplyTimeout,
        Phase.InBatch => _options.BetweenPacketsTimeout,
        Phase.AfterNewestRecord => _options.NewestRecordSilence,
        _ => _options.BetweenBatchesTimeout,
    };

    /// <summary>
    /// Whether the batch's last record is the newest the device can hold in this session: stamped HST − 60 s
    /// (§4.5, §4.8), accepted up to one record interval later (records are accurate to about ±60 s). Earlier means
    /// more may follow; later means the device's time base is not the HST time, so nothing is assumed.
    /// </summary>
    private static bool ReachesNewestRecord(HistoryBatchAssembler batch, DateTimeOffset requestTime)
    {
        if (batch.ReceivedRecords == 0)
            return false;
        DateTimeOffset last = batch.FirstRecordTime + (batch.ReceivedRecords - 1) * RecordInterval;
        DateTimeOffset newest = requestTime - RecordInterval;
        return last >= newest && last <= newest + RecordInterval;
    }

    private static readonly TimeSpan RecordInterval = TimeSpan.FromMinutes(1);

    /// <summary>Applies one notification; returns a problem text when the batch must be rejected.</summary>
    private string? Handle(byte[] notification, RunState run, ref Phase phase, ref HistoryBatchAssembler? batch)
    {
        var packet = HistoryPacket.Parse(notification);
        switch (packet.Kind)
        {
            case HistoryPacketKind.Reply when phase == Phase.AwaitingReply:
                LogReply(notification.Length);
                phase = Phase.AwaitingHeader;
                return null;
            case HistoryPacketKind.Reply when phase == Phase.InBatch:
                return "an HO reply arrived in the middle of a batch";
            case HistoryPacketKind.Reply:
                LogIgnoredReply();
                return null;

            case HistoryPacketKind.Header when phase == Phase.InBatch:
                return $"a new HT arrived after {batch!.ReceivedRecords} of {batch.ExpectedRecords} records";
            case HistoryPacketKind.Header:
                if (packet.Reserved != 0)
                    LogReservedByte("HT", packet.Reserved);
                if (packet.RecordCount == 0)
                {
                    // "No history" (HAH acknowledges such an HT): not a failure that would back the device off.
                    LogEmptyHeader();
                    phase = Phase.NoHistory;
                    return null;
                }

                string? problem = HistoryBatchAssembler.TryStart(packet, run.NextSequence, out batch);
                if (problem is not null)
                    return problem;
                LogHeader(batch!.Sequence, batch.FirstRecordTime, batch.ExpectedRecords, batch.RecordSize);
                if (batch.RecordSize != 16)
                    LogUnusualRecordSize(batch.RecordSize);
                phase = Phase.InBatch;
                return null;

            case HistoryPacketKind.Data when phase != Phase.InBatch:
                return "an HD packet arrived without an HT header";
            case HistoryPacketKind.Data:
                if (packet.Reserved != 0)
                    LogReservedByte("HD", packet.Reserved);
                return batch!.TryAdd(packet);

            default:
                if (phase == Phase.InBatch)
                    return $"an unknown notification ({Describe(notification)}) arrived in the middle of a batch";
                LogUnknownPacket(Describe(notification));
                return null;
        }
    }

    private async Task<HistoryDownloadResult?> StoreAndAcknowledgeAsync(
        IUartLink link,
        PersistBatch persist,
        IProgress<HistoryProgress>? progress,
        HistoryBatchAssembler assembled,
        DateTimeOffset requestTime,
        RunState run,
        CancellationToken cancellationToken)
    {
        HistoryBatch batch = assembled.ToBatch(requestTime);
        long persistStart = _time.GetTimestamp();
        try
        {
            await persist(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Cancelled(run, assembled);
        }
#pragma warning disable CA1031 // Any persistence failure means "not stored": the batch stays on the device.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPersistFailed(ex, batch.Sequence);
            return run.Result(HistoryOutcome.PersistFailed, $"batch {batch.Sequence} could not be stored and was not acknowledged: {ex.Message}");
        }

        TimeSpan persistTime = _time.GetElapsedTime(persistStart);
        if (persistTime > _options.PersistWarningThreshold)
            LogSlowPersist(batch.Sequence, persistTime.TotalSeconds);
        run.Stored(batch);

        if (cancellationToken.IsCancellationRequested)
            return Cancelled(run, null);

        if (!_options.Acknowledge)
        {
            // Observe only: without HOK the device sends this same batch again after about 5 s and never moves on
            // to the next one, so waiting longer would only store the same minutes again. End here.
            progress?.Report(run.Progress());
            LogObserveOnly(batch.Sequence, batch.Records.Count);
            return run.Result(HistoryOutcome.Completed, null);
        }

        HistoryDownloadResult? failed = await WriteAsync(
            link, HistoryCommands.Acknowledge(_time.GetUtcNow()), run, "HOK", cancellationToken).ConfigureAwait(false);
        if (failed is not null)
            return failed;
        run.Acknowledged();
        LogAcknowledged(batch.Sequence, batch.Records.Count, persistTime.TotalMilliseconds);
        progress?.Report(run.Progress());
        return null;
    }

    private async Task<HistoryDownloadResult?> AcknowledgeEmptyAsync(IUartLink link, RunState run, CancellationToken cancellationToken)
    {
        if (!_options.Acknowledge)
            return null;
        return await WriteAsync(link, HistoryCommands.Acknowledge(_time.GetUtcNow()), run, "HOK", cancellationToken).ConfigureAwait(false);
    }

    private async Task<HistoryDownloadResult?> WriteAsync(
        IUartLink link, byte[] command, RunState run, string what, CancellationToken cancellationToken)
    {
        try
        {
            await link.WriteAsync(command, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Cancelled(run, null);
        }
#pragma warning disable CA1031 // A failed write is a lost link, whatever the transport threw.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogWriteFailed(ex, what);
            return run.Result(HistoryOutcome.LinkLost, $"writing {what} failed: {ex.Message}");
        }
    }

    private HistoryDownloadResult OnSilence(RunState run, Phase phase, HistoryBatchAssembler? batch)
    {
        switch (phase)
        {
            case Phase.AwaitingReply:
                LogNoReply(_options.FirstReplyTimeout.TotalSeconds);
                return run.Result(HistoryOutcome.NoReply, $"no reply to HST within {_options.FirstReplyTimeout.TotalSeconds:0.#} s");
            case Phase.InBatch:
                string problem = $"batch {batch!.Sequence} stalled at {batch.ReceivedRecords} of {batch.ExpectedRecords} records "
                    + $"(no packet for {_options.BetweenPacketsTimeout.TotalSeconds:0.#} s); not acknowledged";
                LogStopped(HistoryOutcome.TimedOut, problem);
                return run.Result(HistoryOutcome.TimedOut, problem);
            case Phase.AfterNewestRecord when run.BatchesStored > 0:
                HistoryDownloadResult early = run.Result(HistoryOutcome.Completed, null) with { EndedAtNewestRecord = true };
                LogCompletedAtNewestRecord(early.BatchesStored, early.RecordsStored, early.Elapsed.TotalSeconds);
                return early;
            default:
                // No end-of-history marker exists: silence after a reply or an acknowledged batch means "done".
                HistoryDownloadResult result = run.Result(HistoryOutcome.Completed, null);
                LogCompleted(result.BatchesStored, result.RecordsStored, result.Elapsed.TotalSeconds);
                return result;
        }
    }

    private HistoryDownloadResult Rejected(RunState run, HistoryBatchAssembler? batch, string problem)
    {
        string text = batch is null ? problem : $"batch {batch.Sequence}: {problem}; not acknowledged";
        LogStopped(HistoryOutcome.Rejected, text);
        return run.Result(HistoryOutcome.Rejected, text);
    }

    private HistoryDownloadResult LinkLost(RunState run, HistoryBatchAssembler? batch, Exception? error)
    {
        string text = (batch is null ? "the link dropped" : $"the link dropped during batch {batch.Sequence}; not acknowledged")
            + (error is null ? string.Empty : $": {error.Message}");
        LogStopped(HistoryOutcome.LinkLost, text);
        return run.Result(HistoryOutcome.LinkLost, text);
    }

    private HistoryDownloadResult Cancelled(RunState run, HistoryBatchAssembler? batch)
    {
        string text = batch is null ? "cancelled" : $"cancelled during batch {batch.Sequence}; not acknowledged";
        LogStopped(HistoryOutcome.Cancelled, text);
        return run.Result(HistoryOutcome.Cancelled, text);
    }

    private static string Describe(byte[] notification) =>
        $"{notification.Length} bytes: {Convert.ToHexString(notification, 0, Math.Min(notification.Length, 8))}"
        + (notification.Length > 8 ? "…" : string.Empty);
}
