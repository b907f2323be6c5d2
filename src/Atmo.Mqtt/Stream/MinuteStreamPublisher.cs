using Atmo.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atmo.Mqtt.Stream;

/// <summary>
/// The complete minute stream: every minute the store commits, as one QoS 1 message on <c>&lt;prefix&gt;/&lt;MAC&gt;/minutes</c>,
/// read from the store's durable change feed after this publisher's cursor (<see cref="CursorName"/>). The cursor moves
/// past an entry only once the broker acknowledged every minute of it, and entries are handled in commit order, so after
/// a broker outage or a crash publishing resumes where the broker last acknowledged: at least once, duplicates only for
/// what was in flight (and, after a SIGKILL, the entries acknowledged since the store's last commit, which writes the cursor).
/// The retained <c>&lt;prefix&gt;/&lt;MAC&gt;/state</c> follows the device's newest minute. Memory is bounded by
/// <see cref="Window"/>; nothing is queued in memory while the broker is away (the store is the queue).
/// </summary>
public sealed partial class MinuteStreamPublisher(
    MqttConnection connection, MinuteMessages messages, IMinuteChangeFeed feed, IMinuteStore store,
    ILogger<MinuteStreamPublisher> logger) : BackgroundService
{
    public const string CursorName = "mqtt";

    /// <summary>Change feed entries read at a time.</summary>
    internal const int EntriesPerRead = 64;

    /// <summary>Publishes awaiting the broker's acknowledgement at most.</summary>
    internal const int Window = 512;

    /// <summary>How often the change feed is asked for new entries when it had none.</summary>
    internal static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan ReadRetry = TimeSpan.FromSeconds(5);

    private readonly Dictionary<MacAddress, DateTime> _newestState = [];
    private long _published;

    /// <summary>Minutes acknowledged by the broker since start (benchmarks and tests).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>The sequence of the last change feed entry fully acknowledged.</summary>
    private long _cursor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        _cursor = feed.LoadCursor(CursorName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await connection.WaitConnectedAsync(stoppingToken);
                // LastSequence is held in memory: an idle poll reads nothing from the store.
                IReadOnlyList<MinuteChange> changes = feed.LastSequence > _cursor ? feed.ChangesAfter(_cursor, EntriesPerRead) : [];
                if (changes.Count == 0)
                {
                    await Task.Delay(Poll, stoppingToken);
                    continue;
                }

                if (changes[0].Sequence > _cursor + 1 && _cursor > 0)
                    LogMissedEntries(logger, _cursor, changes[0].Sequence);
                else if (_cursor == 0)
                    LogFirstStart(logger, changes[0].Committed);
                if (!await PublishAsync(changes, stoppingToken))
                    await Task.Delay(Poll, stoppingToken); // the connection went; wait for the next
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A store read failed (the store recovers by itself); the cursor has not moved, so nothing is skipped.
                LogReadFailed(logger, exception.Message);
                await Task.Delay(ReadRetry, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Publishes the entries in order, pipelined; moves the cursor past each entry once all of it was acknowledged.</summary>
    /// <returns>False when a publish was not acknowledged (the connection went): the rest is published again later.</returns>
    private async Task<bool> PublishAsync(IReadOnlyList<MinuteChange> changes, CancellationToken cancellationToken)
    {
        var pending = new Queue<(long Sequence, int Messages, Task<bool> Acknowledged)>();
        int inFlight = 0;
        bool failed = false;
        foreach (MinuteChange change in changes)
        {
            IReadOnlyList<MinuteRecord> minutes = feed.ReadMinutes(change);
            var acknowledgements = new List<Task<bool>>(minutes.Count + 1);
            // Not cancelled by a stop: what is in flight gets its acknowledgement (or fails with the connection), so a
            // graceful stop saves the cursor past everything acknowledged and repeats nothing.
            foreach (MinuteRecord minute in minutes)
                acknowledgements.Add(connection.TryPublishAsync(messages.Minute(change.Device, StoredMinute.Of(minute)), CancellationToken.None));
            if (NewestState(change.Device, minutes) is { } newest)
                acknowledgements.Add(connection.TryPublishAsync(messages.State(change.Device, StoredMinute.Of(newest)), CancellationToken.None));
            pending.Enqueue((change.Sequence, acknowledgements.Count, AllAcknowledged(acknowledgements, minutes.Count)));
            inFlight += acknowledgements.Count;
            while (inFlight > Window && !failed)
            {
                inFlight -= pending.Peek().Messages;
                failed = !await CompleteOldestAsync(pending);
            }

            if (failed || cancellationToken.IsCancellationRequested)
                break;
        }

        while (pending.Count > 0 && !failed)
            failed = !await CompleteOldestAsync(pending);
        return !failed;
    }

    /// <summary>Waits for the oldest entry's acknowledgements and, when all came, moves the cursor past it.</summary>
    private async Task<bool> CompleteOldestAsync(Queue<(long Sequence, int Messages, Task<bool> Acknowledged)> pending)
    {
        (long sequence, _, Task<bool> acknowledged) = pending.Dequeue();
        if (!await acknowledged)
            return false;
        Advance(sequence);
        return true;
    }

    private async Task<bool> AllAcknowledged(List<Task<bool>> acknowledgements, int minutes)
    {
        bool[] results = await Task.WhenAll(acknowledgements);
        if (!Array.TrueForAll(results, ok => ok))
            return false;
        Interlocked.Add(ref _published, minutes);
        return true;
    }

    private void Advance(long sequence)
    {
        _cursor = sequence;
        feed.SaveCursor(CursorName, sequence);
    }

    /// <summary>
    /// The minute to publish as the device's state: the newest of <paramref name="minutes"/> when it is at least as new as
    /// every minute stored for the device (a late history minute does not replace a newer state), else null.
    /// </summary>
    private MinuteRecord? NewestState(MacAddress device, IReadOnlyList<MinuteRecord> minutes)
    {
        if (minutes.Count == 0)
            return null;
        MinuteRecord newest = minutes[^1];
        if (!_newestState.TryGetValue(device, out DateTime known))
            known = store.GetStats(device).LastMinute ?? DateTime.MinValue;
        if (newest.Time < known)
        {
            _newestState[device] = known;
            return null;
        }

        _newestState[device] = newest.Time;
        return newest;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: first start of the minute stream: publishing every minute stored since {Since:u} (what the change feed holds); older minutes are published on request (docs/mqtt.md, \"Replay\")")]
    private static partial void LogFirstStart(ILogger logger, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: reading the change feed failed ({Reason}); trying again in 5 s, nothing is skipped")]
    private static partial void LogReadFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: the change feed no longer holds the entries after {Cursor} (next is {Next}): the publisher was away longer than the feed keeps entries. Publish the missed range with a replay request (docs/mqtt.md, \"Replay\").")]
    private static partial void LogMissedEntries(ILogger logger, long cursor, long next);
}
