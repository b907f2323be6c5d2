using System.Globalization;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Sync.Api;
using Atmo.Sync.Planning;
using Atmo.Sync.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Atmo.Sync;

/// <summary>
/// One reconciliation pass: for every configured or stored device, find the UTC days of the horizon
/// with missing minutes (not backed off), plan the fewest date ranges, fetch them from the cloud,
/// and write the records through <see cref="IMinuteStore.Write"/> (which keeps history, replaces
/// live, and reports disagreements). Passes never overlap.
/// </summary>
public sealed partial class SyncPass
{
    /// <summary>Name of the HttpClient registered by <see cref="CloudSyncServiceCollectionExtensions.AddCloudSync"/>.</summary>
    public const string HttpClientName = "AtmoCloud";

    /// <summary>Disagreements logged one by one per pass; the rest are counted and summarised.</summary>
    public const int DisagreementsLoggedPerPass = 100;

    private readonly IMinuteStore _store;
    private readonly IHttpClientFactory _httpClients;
    private readonly CloudApiKey _key;
    private readonly MinuteWindowRateLimiter _limiter;
    private readonly CloudResilience _resilience;
    private readonly SyncStateStore _state;
    private readonly SyncDevices _devices;
    private readonly SyncStatus _status;
    private readonly TimeProvider _time;
    private readonly CloudOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<SyncPass> _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public SyncPass(IMinuteStore store, IHttpClientFactory httpClients, CloudApiKey key, MinuteWindowRateLimiter limiter,
        CloudResilience resilience, SyncStateStore state, SyncDevices devices, SyncStatus status, TimeProvider timeProvider,
        IOptions<CloudOptions> options, ILoggerFactory loggers)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _httpClients = httpClients ?? throw new ArgumentNullException(nameof(httpClients));
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _limiter = limiter ?? throw new ArgumentNullException(nameof(limiter));
        _resilience = resilience ?? throw new ArgumentNullException(nameof(resilience));
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _devices = devices ?? throw new ArgumentNullException(nameof(devices));
        _status = status ?? throw new ArgumentNullException(nameof(status));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _loggers = loggers ?? throw new ArgumentNullException(nameof(loggers));
        _logger = loggers.CreateLogger<SyncPass>();
    }

    /// <summary>Runs one pass; waits if another pass is running. Progress is reported after planning and after each range.</summary>
    public async Task<SyncSummary> RunAsync(IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!_key.IsConfigured)
            return SyncSummary.Disabled(_time.GetUtcNow());
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        _status.Started();
        var run = new PassRun(this, progress);
        SyncSummary summary;
        try
        {
            await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            SaveState();
            summary = run.Summary();
            _status.Finished(summary);
            _oneAtATime.Release();
            LogPassDone(summary.RangesCompleted, summary.RangesPlanned, summary.RequestsSent, summary.MinutesFilled,
                summary.Disagreements, summary.RangesFailed, summary.StoppedReason ?? "-");
        }
        return summary;
    }

    private void SaveState()
    {
        try
        {
            _state.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogStateNotSaved(_state.FilePath, e.Message);
        }
    }

    private CloudApiClient CreateClient() => new(_httpClients.CreateClient(HttpClientName), _key, _limiter, _resilience, _time,
        _loggers.CreateLogger<CloudApiClient>());

    /// <summary>The state of one pass.</summary>
    private sealed class PassRun(SyncPass owner, IProgress<SyncProgress>? progress)
    {
        private readonly DateTimeOffset _startedAt = owner._time.GetUtcNow();
        private readonly List<string> _errors = [];
        private int _devices, _planned, _completed, _failed, _disagreementsLogged;
        private long _received, _filled, _unchanged, _disagreements, _rejected, _valuesDropped, _requests;
        private string? _stopped;
        private string? _firstRejection;
        private string? _firstDrop;
        private MacAddress? _current;

        public async Task ExecuteAsync(CancellationToken cancellationToken)
        {
            DateTimeOffset now = owner._time.GetUtcNow();
            DateTime nowMinute = MinuteTime.Floor(now);
            DateTime horizonStart = nowMinute.Date.AddDays(-(owner._options.HorizonDays - 1));
            owner._state.Prune(DateOnly.FromDateTime(horizonStart));

            List<MacAddress> devices = [.. owner._devices.Configured().Concat(owner._store.Devices()).Distinct().Order()];
            _devices = devices.Count;
            var plans = new List<(MacAddress Device, IReadOnlyList<DateRange> Ranges, Dictionary<DateOnly, int> Missing)>();
            foreach (MacAddress device in devices)
            {
                IReadOnlyList<DayGap> gaps = GapPlanner.MissingByDay(owner._store.StoredMinutes(device, horizonStart, nowMinute), horizonStart, nowMinute);
                List<DayGap> due = [.. gaps.Where(g => owner._state.IsDue(device, g.Day, now))];
                IReadOnlyList<DateRange> ranges = GapPlanner.Plan(due.Select(g => g.Day));
                plans.Add((device, ranges, due.ToDictionary(g => g.Day, g => g.MissingMinutes)));
                _planned += ranges.Count;
            }
            owner.LogPlanned(_devices, _planned);
            Report();

            CloudApiClient client = owner.CreateClient();
            try
            {
                foreach ((MacAddress device, IReadOnlyList<DateRange> ranges, Dictionary<DateOnly, int> missing) in plans)
                {
                    _current = device;
                    foreach (DateRange range in ranges)
                    {
                        if (!await FetchAndMergeAsync(client, device, range, missing, horizonStart, nowMinute, cancellationToken).ConfigureAwait(false))
                            return;
                        Report();
                    }
                }
            }
            finally
            {
                _requests = client.RequestsSent;
                // One line per pass, not one per record: a service answering nonsense must not flood the journal.
                if (_rejected > 0)
                    owner.LogRecordsRejected(_rejected, _firstRejection!);
                if (_valuesDropped > 0)
                    owner.LogValuesDropped(_valuesDropped, _firstDrop ?? "not found again");
            }
        }

        /// <returns>False when the pass must stop (circuit open, key refused).</returns>
        private async Task<bool> FetchAndMergeAsync(CloudApiClient client, MacAddress device, DateRange range,
            Dictionary<DateOnly, int> missingBefore, DateTime horizonStart, DateTime nowMinute, CancellationToken cancellationToken)
        {
            CloudRangeResult result;
            try
            {
                result = await client.FetchRangeAsync(device, range.Start, range.End, cancellationToken).ConfigureAwait(false);
            }
            catch (BrokenCircuitException)
            {
                _stopped = "the Atmotube Cloud is unreachable (circuit open); the remaining ranges wait for the next pass";
                owner.LogPassStopped(_stopped);
                return false;
            }
            catch (CloudAuthException e)
            {
                _stopped = e.Message;
                owner.LogPassRefused(e.Message);
                return false;
            }
            catch (Exception e) when (e is CloudSyncException or TimeoutRejectedException)
            {
                _failed++;
                string error = $"{device} {range}: {owner._key.Redactor.Redact(e.Message)}";
                _errors.Add(error);
                owner.LogRangeFailed(error);
                return true;
            }
            _requests = client.RequestsSent;

            // The current minute is not over yet; never store it or anything after it.
            List<MinuteRecord> records = [.. result.Records.Where(r => r.Time < nowMinute)];
            _received += records.Count;
            _rejected += result.Rejected.Count;
            foreach (RejectedRecord rejected in result.Rejected)
            {
                owner.LogRecordRejected(device, range, rejected.Location, rejected.Reason);
                _firstRejection ??= $"{device} {range}, {rejected.Location}: {rejected.Reason}";
            }

            WriteResult written = records.Count == 0 ? WriteResult.Empty : owner._store.Write(records);
            _filled += written.Inserted + written.Replaced;
            _unchanged += written.Unchanged;
            _disagreements += written.Disagreements.Count;
            _valuesDropped += written.ValuesDropped;
            if (written.ValuesDropped > 0)
                _firstDrop ??= FirstDrop(device, records);
            foreach (Disagreement d in written.Disagreements)
                LogDisagreement(d);

            var from = range.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var to = range.End.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            if (from < horizonStart)
                from = horizonStart;
            if (to > nowMinute)
                to = nowMinute;
            var missingAfter = GapPlanner.MissingByDay(owner._store.StoredMinutes(device, from, to), from, to)
                .ToDictionary(g => g.Day, g => g.MissingMinutes);
            DateTimeOffset now = owner._time.GetUtcNow();
            foreach (DateOnly day in range.EachDay())
            {
                if (missingAfter.TryGetValue(day, out int after))
                    owner._state.RecordAnswer(device, day, after < missingBefore.GetValueOrDefault(day, int.MaxValue), now);
                else
                    owner._state.Clear(device, day);
            }
            _completed++;
            return true;
        }

        private void LogDisagreement(Disagreement d)
        {
            if (_disagreementsLogged++ >= DisagreementsLoggedPerPass)
                return;
            owner.LogDisagreementValues(d.Stored.Device, d.Stored.Time, d.Stored.Source.ToWireName(), Describe(d.Stored), Describe(d.Incoming));
            if (_disagreementsLogged == DisagreementsLoggedPerPass)
                owner.LogFurtherDisagreementsCounted();
        }

        /// <summary>The first record of the batch the gate cut values from, and which, by the same rule (<see cref="PlausibleValues"/>).</summary>
        private static string? FirstDrop(MacAddress device, List<MinuteRecord> records)
        {
            foreach (MinuteRecord record in records)
            {
                MinuteField bad = PlausibleValues.Implausible(record);
                if (bad != MinuteField.None)
                    return string.Create(CultureInfo.InvariantCulture, $"{device} {record.Time:yyyy-MM-ddTHH:mm}Z: ") +
                        string.Join(", ", PlausibleValues.Limits.Where(limit => bad.HasFlag(limit.Field)).Select(limit => limit.Name));
            }

            return null;
        }

        private static string Describe(MinuteRecord r) => string.Create(CultureInfo.InvariantCulture,
            $"voc={r.Voc} pm1={r.Pm1} pm25={r.Pm25} pm10={r.Pm10} t={r.T} h={r.H} p={r.P} lat={r.Latitude} lon={r.Longitude}");

        private void Report() =>
            progress?.Report(new SyncProgress(_devices, _planned, _completed + _failed, _requests, _filled, _current));

        public SyncSummary Summary() => new(
            true, _startedAt, owner._time.GetUtcNow(), _devices, _planned, _completed, _failed, _requests, _received, _filled,
            _unchanged, _disagreements, _rejected, owner._state.Count, _stopped, _errors) { ValuesDropped = _valuesDropped };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud sync: {Devices} devices, {Ranges} date ranges to ask for.")]
    private partial void LogPlanned(int devices, int ranges);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud and stored data disagree for {Device} at {Time:yyyy-MM-ddTHH:mm}Z; kept the stored {Source} values ({Stored}), cloud had ({Cloud}).")]
    private partial void LogDisagreementValues(MacAddress device, DateTime time, string source, string stored, string cloud);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud sync pass done: {Completed}/{Planned} ranges, {Requests} requests, {Filled} minutes filled, {Disagreements} disagreements, {Failed} failed ranges, stopped: {Stopped}.")]
    private partial void LogPassDone(int completed, int planned, long requests, long filled, long disagreements, int failed, string stopped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the cloud sync state to {Path}: {Reason}")]
    private partial void LogStateNotSaved(string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync pass stopped: {Reason}.")]
    private partial void LogPassStopped(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync pass stopped: {Reason}.")]
    private partial void LogPassRefused(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud range failed, will retry next pass: {Error}")]
    private partial void LogRangeFailed(string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cloud record rejected for {Device} {Range}, {Location}: {Reason}")]
    private partial void LogRecordRejected(MacAddress device, DateRange range, string location, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud sync rejected {Count} records with implausible times in this pass (not stored; each one is logged at Debug). First: {First}")]
    private partial void LogRecordsRejected(long count, string first);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud sync dropped {Count} implausible values in this pass (the rest of their minutes was stored). First: {First}")]
    private partial void LogValuesDropped(long count, string first);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Further disagreements in this pass are counted but not logged one by one.")]
    private partial void LogFurtherDisagreementsCounted();
}
