namespace Atmo.Simulator.Devices;

/// <summary>
/// The unit's side of the UART history protocol (§4) for one connection: HST → "HOK" → batches of
/// HT + HD packets back-dated from the HST time, re-sent when no HOK comes within the ack timeout,
/// marked synced on HOK, silence at the end.
/// </summary>
internal sealed class UartHistoryResponder : IDisposable
{
    private readonly EmulatedAtmotube _unit;
    private readonly SimulatorOptions _options;
    private readonly Func<byte[], bool> _notify;
    private readonly Action _dropLink;
    private readonly int _mtu;
    private readonly object _sync = new();
    private CancellationTokenSource? _session;
    private TaskCompletionSource? _ack;
    private int _packetsThisSession;
    private long _pacedUntil;

    /// <param name="notify">Sends one notification on 6e400003; false when the link is gone.</param>
    /// <param name="dropLink">Drops the link (fault injection).</param>
    public UartHistoryResponder(EmulatedAtmotube unit, SimulatorOptions options, int mtu, Func<byte[], bool> notify, Action dropLink)
    {
        _unit = unit;
        _options = options;
        _mtu = mtu;
        _notify = notify;
        _dropLink = dropLink;
    }

    /// <summary>A host write to 6e400002.</summary>
    public void OnWrite(byte[] command)
    {
        if (!AtmotubeEncoding.TryParseCommand(command, out string tag, out uint unixTime))
            return; // A real unit ignores what it does not understand.

        if (tag == "HST")
        {
            if (_unit.IgnoreHistoryRequests)
                return;
            CancellationTokenSource session;
            lock (_sync)
            {
                _session?.Cancel();
                _session = session = new CancellationTokenSource();
                _ack = null;
                _packetsThisSession = 0;
            }

            _unit.HistoryRequests++;
            _ = Task.Run(() => RunSessionAsync(unixTime, session.Token));
        }
        else
        {
            lock (_sync)
                _ack?.TrySetResult();
        }
    }

    private async Task RunSessionAsync(uint hstTime, CancellationToken cancellationToken)
    {
        try
        {
            if (!Send(AtmotubeEncoding.HistoryAcceptedReply()))
                return;

            // The session covers what is unsynced now; records written later wait for the next session.
            IReadOnlyList<StoredRecord> snapshot = WithoutRecordsCompletedInTransit(_unit.Memory.Unsynced(), hstTime);
            int perPacket = AtmotubeEncoding.RecordsPerPacket(_mtu);
            int position = 0;
            while (position < snapshot.Count && !cancellationToken.IsCancellationRequested)
            {
                int count = Math.Min(_options.MaxBatchRecords, snapshot.Count - position);
                var batch = snapshot.Skip(position).Take(count).ToList();
                // Back-dated from HST: the newest record of the session is stamped HST − 60 s.
                uint firstTime = (uint)(hstTime - (snapshot.Count - position) * 60L + (long)_unit.TimeBaseOffset.TotalSeconds);
                bool acknowledged = false;
                for (int attempt = 0; attempt <= _options.MaxResends && !acknowledged; attempt++)
                {
                    if (attempt > 0)
                        _unit.Resends++;
                    TaskCompletionSource ack = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    lock (_sync)
                        _ack = null;
                    if (!await SendBatchAsync(firstTime, batch, perPacket, cancellationToken).ConfigureAwait(false))
                        return;
                    lock (_sync)
                        _ack = ack;
                    try
                    {
                        await ack.Task.WaitAsync(_options.AckTimeout, _options.Timers, cancellationToken).ConfigureAwait(false);
                        acknowledged = true;
                    }
                    catch (TimeoutException)
                    {
                        // No HOK in time: send the same batch again (§4.6).
                    }
                }

                if (!acknowledged)
                    return; // Gave up: silence. The batch stays unsynced for the next session.
                _unit.Memory.MarkSynced(batch.Select(r => r.Id));
                position += count;
            }
            // Then silence: there is no end-of-history marker.
        }
        catch (OperationCanceledException)
        {
            // Link closed or a new HST restarted the session.
        }
    }

    /// <summary>
    /// A real unit's clock is the host's (set by HST and HOK) to within the milliseconds an HST takes to arrive. On an
    /// accelerated clock those milliseconds are device seconds: a record completed after the HST time, while the
    /// command was in transit, would shift the whole back-dated session by a minute, which no real unit does. Such
    /// records wait for the next session. HST times an hour or more off (a fault, a test's fixed time) change nothing.
    /// </summary>
    private List<StoredRecord> WithoutRecordsCompletedInTransit(IReadOnlyList<StoredRecord> unsynced, uint hstTime)
    {
        var hstMinute = DateTimeOffset.FromUnixTimeSeconds(hstTime - hstTime % 60);
        TimeSpan transit = _options.DeviceClock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(hstTime);
        // An hour: at 720× a loaded test machine can stall an HST for most of a real second (9 device minutes seen).
        bool inTransit = transit > TimeSpan.Zero && transit < TimeSpan.FromHours(1);
        return [.. unsynced.Where(r => !inTransit || r.Minute < hstMinute)];
    }

    private async Task<bool> SendBatchAsync(uint firstTime, List<StoredRecord> batch, int perPacket, CancellationToken cancellationToken)
    {
        bool corrupt = _unit.CorruptNextBatch;
        _unit.CorruptNextBatch = false;
        _pacedUntil = _options.Timers.GetTimestamp();
        if (!await SendPacedAsync(AtmotubeEncoding.HistoryHeader(firstTime, batch.Count), cancellationToken).ConfigureAwait(false))
            return false;
        int sent = 0;
        int packet = 0;
        while (sent < batch.Count)
        {
            int k = Math.Min(perPacket, batch.Count - sent);
            byte[] data = AtmotubeEncoding.HistoryData(sent + k, batch.Skip(sent).Take(k).Select(r => r.Bytes));
            if (corrupt && packet == Math.Min(1, (batch.Count - 1) / perPacket))
                data = data[..^5]; // Short packet: the payload is no longer a multiple of 16.
            if (!await SendPacedAsync(data, cancellationToken).ConfigureAwait(false))
                return false;
            sent += k;
            packet++;
        }

        return true;
    }

    private async Task<bool> SendPacedAsync(byte[] packet, CancellationToken cancellationToken)
    {
        if (_unit.NotificationDelay > TimeSpan.Zero)
        {
            // Against a deadline: a timer that fires late (or, for sub-millisecond waits, early) is made up for by
            // the next packets, so a batch takes packets × delay as on a real link.
            _pacedUntil += (long)(_unit.NotificationDelay.TotalSeconds * _options.Timers.TimestampFrequency);
            TimeSpan wait = _options.Timers.GetElapsedTime(_options.Timers.GetTimestamp(), _pacedUntil);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, _options.Timers, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!Send(packet))
            return false;
        int packets = Interlocked.Increment(ref _packetsThisSession);
        if (_unit.DropLinkAfterPackets is int limit && packets >= limit)
        {
            _unit.DropLinkAfterPackets = null;
            _dropLink();
            return false;
        }

        return true;
    }

    private bool Send(byte[] packet) => _notify(packet);

    public void Dispose()
    {
        lock (_sync)
        {
            _session?.Cancel();
            _session = null;
        }
    }
}
