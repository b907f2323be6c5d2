using Atmo.Core;
using Atmo.Core.TimeBase;
using LiteDB;

namespace Atmo.Storage;

/// <summary>
/// The history quarantine, the re-anchoring marks and the clock evidence live in the same file as the minutes, so
/// they share its lock, its transactions, its durability and its recovery after a failed commit (every access goes
/// through the current connection, which a reopen replaces). Collections: <c>quarantine</c> (one document per
/// batch), <c>reanchored</c> (marks) and <c>meta</c> (<c>{ _id: "clock", t }</c>).
/// </summary>
public sealed partial class LiteDbMinuteStore : IHistoryQuarantine, IClockEvidence
{
    private const string QuarantineCollection = "quarantine";
    private const string MarksCollection = "reanchored";
    private const string ClockKey = "clock";

    /// <summary>The clock evidence is written when it moved this far: a few SD-card writes an hour.</summary>
    private static readonly TimeSpan ClockWriteEvery = TimeSpan.FromMinutes(10);

    private readonly Lock _clockLock = new();

    /// <summary>The quarantine at a glance, kept between changes: <c>/readyz</c> (no key needed) reads it on every call.</summary>
    private IReadOnlyList<QuarantineSummary>? _quarantineSummary;
    private DateTimeOffset? _saneClock;
    private DateTimeOffset? _saneClockWritten;
    private bool _clockLoaded;

    /// <exception cref="StorageWriteException">The commit failed; nothing was kept, and the store recovers by itself.</exception>
    public QuarantineAddResult Add(QuarantinedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            var all = Read(connection => connection.Has(QuarantineCollection)
                ? connection.Database.GetCollection(QuarantineCollection).FindAll()
                    .Select(d => (Id: d["_id"].AsInt64, Device: d["d"].AsString, Minutes: d["r"].AsArray.Count)).ToList()
                : []);
            string device = batch.Device.ToCompactString();
            int total = all.Sum(b => b.Minutes);
            var own = all.Where(b => b.Device == device).OrderBy(b => b.Id).ToList();
            int ownMinutes = own.Sum(b => b.Minutes);
            var evict = new List<long>();
            int evicted = 0;
            foreach (var old in own)
            {
                if (ownMinutes - evicted + batch.Records.Count <= QuarantineLimits.MinutesPerDevice)
                    break;
                evict.Add(old.Id);
                evicted += old.Minutes;
            }

            if (total - evicted + batch.Records.Count > QuarantineLimits.MinutesInTotal)
                return QuarantineAddResult.Full;

            long id = all.Count == 0 ? 1 : all.Max(b => b.Id) + 1;
            CommitTimeBase($"a quarantined batch of {batch.Records.Count} minutes", connection =>
            {
                ILiteCollection<BsonDocument> batches = connection.Database.GetCollection(QuarantineCollection);
                foreach (long old in evict)
                    batches.Delete(old);
                batches.Insert(ToDocument(batch with { Id = id }));
            });
            _quarantineSummary = null;
            return new QuarantineAddResult(true, id, evicted);
        }
    }

    public IReadOnlyList<QuarantinedBatch> List(MacAddress? device = null) => Read(connection =>
    {
        if (!connection.Has(QuarantineCollection))
            return (IReadOnlyList<QuarantinedBatch>)[];
        ILiteCollection<BsonDocument> batches = connection.Database.GetCollection(QuarantineCollection);
        IEnumerable<BsonDocument> documents = device is { } mac ? batches.Find(LiteDB.Query.EQ("d", mac.ToCompactString())) : batches.FindAll();
        return [.. documents.Select(FromDocument).OrderBy(b => b.Id)];
    });

    public IReadOnlyList<QuarantineSummary> Summary()
    {
        if (_quarantineSummary is { } cached)
            return cached;
        lock (_writeLock) // so that no Add or Remove slips between reading and caching
        {
            return _quarantineSummary ??= [.. List().GroupBy(b => b.Device).Select(g => new QuarantineSummary(
                g.Key, g.Count(), g.Sum(b => b.Records.Count), g.Min(b => b.ReceivedAt), g.Max(b => b.ReceivedAt)))];
        }
    }

    /// <exception cref="StorageWriteException">The commit failed; nothing was removed.</exception>
    public int Remove(IReadOnlyCollection<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            if (ids.Count == 0 || !Read(connection => connection.Has(QuarantineCollection)))
                return 0;
            int removed = 0;
            CommitTimeBase($"the removal of {ids.Count} quarantined batches", connection =>
                removed = connection.Database.GetCollection(QuarantineCollection).DeleteMany(LiteDB.Query.In("_id", ids.Select(id => new BsonValue(id)))));
            _quarantineSummary = null;
            return removed;
        }
    }

    /// <exception cref="StorageWriteException">The commit failed; the mark was not kept.</exception>
    public void AddMark(ReanchorMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            CommitTimeBase("a re-anchoring mark", connection =>
            {
                ILiteCollection<BsonDocument> marks = connection.Database.GetCollection(MarksCollection, BsonAutoId.Int64);
                marks.Insert(new BsonDocument
                {
                    ["d"] = mark.Device.ToCompactString(),
                    ["at"] = mark.At.UtcDateTime,
                    ["shift"] = (long)mark.Shift.TotalSeconds,
                    ["first"] = mark.FirstMinute,
                    ["last"] = mark.LastMinute,
                    ["n"] = mark.Minutes,
                    ["by"] = mark.By,
                });
                int excess = marks.Count() - QuarantineLimits.Marks;
                if (excess > 0)
                {
                    foreach (BsonValue id in marks.FindAll().Select(d => d["_id"]).OrderBy(id => id.AsInt64).Take(excess).ToList())
                        marks.Delete(id);
                }
            });
        }
    }

    public IReadOnlyList<ReanchorMark> Marks(MacAddress? device = null) => Read(connection =>
    {
        if (!connection.Has(MarksCollection))
            return (IReadOnlyList<ReanchorMark>)[];
        ILiteCollection<BsonDocument> marks = connection.Database.GetCollection(MarksCollection, BsonAutoId.Int64);
        IEnumerable<BsonDocument> documents = device is { } mac ? marks.Find(LiteDB.Query.EQ("d", mac.ToCompactString())) : marks.FindAll();
        return [.. documents.OrderBy(d => d["_id"].AsInt64).Select(d => new ReanchorMark(
            MacAddress.Parse(d["d"].AsString),
            new DateTimeOffset(DateTime.SpecifyKind(d["at"].AsDateTime, DateTimeKind.Utc)),
            TimeSpan.FromSeconds(d["shift"].AsInt64),
            DateTime.SpecifyKind(d["first"].AsDateTime, DateTimeKind.Utc),
            DateTime.SpecifyKind(d["last"].AsDateTime, DateTimeKind.Utc),
            d["n"].AsInt32,
            d["by"].AsString))];
    });

    /// <summary>Null also while the file cannot be read (the store is reopening): the clock check then relies on the build date alone.</summary>
    public DateTimeOffset? LatestSaneClock
    {
        get
        {
            lock (_clockLock)
            {
                LoadClock();
                return _saneClock;
            }
        }
    }

    /// <summary>
    /// Best effort: while the store cannot commit (a full disk), the reading is kept in memory and written with a later
    /// one; the clock check and the collector go on. Nothing is recorded before the stored evidence could be read, so
    /// a failing read never lowers it.
    /// </summary>
    public void ObserveSaneClock(DateTimeOffset now)
    {
        lock (_clockLock)
        {
            if (!LoadClock())
                return;
            if (_saneClock is { } held && now <= held)
                return;
            _saneClock = now;
            if (_saneClockWritten is { } written && now - written < ClockWriteEvery)
                return;
            try
            {
                lock (_writeLock)
                {
                    CommitTimeBase("the clock evidence", connection =>
                        connection.Database.GetCollection(StoreSchema.Meta).Upsert(new BsonDocument { ["_id"] = ClockKey, ["t"] = now.UtcDateTime }));
                }

                _saneClockWritten = now;
            }
            catch (StorageWriteException)
            {
                // The store reports the failure itself (IStoreHealth) and recovers; the next sane reading tries again.
            }
        }
    }

    /// <summary>Reads the stored clock evidence once. Call holding the clock lock.</summary>
    /// <returns>False when it could not be read yet (the store is reopening or disposed).</returns>
    private bool LoadClock()
    {
        if (_clockLoaded)
            return true;
        try
        {
            BsonDocument? document = Read(connection =>
                connection.Has(StoreSchema.Meta) ? connection.Database.GetCollection(StoreSchema.Meta).FindById(ClockKey) : null);
            if (document is not null)
                _saneClock = _saneClockWritten = new DateTimeOffset(DateTime.SpecifyKind(document["t"].AsDateTime, DateTimeKind.Utc));
            _clockLoaded = true;
        }
        catch (Exception e) when (e is StorageUnavailableException or ObjectDisposedException || IsStorageFailure(e))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// One commit of the quarantine, the marks or the clock evidence, guarded and recovered like every commit of the
    /// store (<see cref="Preflight"/>, a reopen after a failure) and carrying the cursors saved since the last commit.
    /// Call holding the write lock.
    /// </summary>
    /// <exception cref="StorageWriteException">The commit failed or was not tried; nothing of it was stored.</exception>
    private void CommitTimeBase(string what, Action<StoreConnection> work)
    {
        ThrowIfDisposed();
        if (Preflight() is { } refused)
            throw Refused(refused, what);
        Exception? failure = null;
        _gate.EnterReadLock();
        try
        {
            StoreConnection connection = _connection ?? throw Unavailable();
            connection.InTransaction(() =>
            {
                work(connection);
                WriteStagedCursors(connection);
            });
            CursorsWritten();
            connection.Sync.AfterCommit();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            failure = e;
        }
        finally
        {
            _gate.ExitReadLock();
        }

        if (failure is not null)
            throw Failed(failure, what);
        Committed();
    }

    private static BsonDocument ToDocument(QuarantinedBatch batch) => new()
    {
        ["_id"] = batch.Id,
        ["d"] = batch.Device.ToCompactString(),
        ["at"] = batch.ReceivedAt.UtcDateTime,
        ["hst"] = batch.RequestTime.ToUnixTimeSeconds(),
        ["first"] = batch.FirstRecordTime.ToUnixTimeSeconds(),
        ["why"] = batch.Reason,
        ["r"] = new BsonArray(batch.Records.Select(r => new BsonArray(
            new BsonValue(r.Time.Ticks), Value(r.Voc), Value(r.Pm1), Value(r.Pm25), Value(r.Pm10),
            Value(r.T), Value(r.H), Value(r.P), Value(r.Latitude), Value(r.Longitude)))),
    };

    private static QuarantinedBatch FromDocument(BsonDocument d)
    {
        var device = MacAddress.Parse(d["d"].AsString);
        return new QuarantinedBatch(
            d["_id"].AsInt64,
            device,
            new DateTimeOffset(DateTime.SpecifyKind(d["at"].AsDateTime, DateTimeKind.Utc)),
            DateTimeOffset.FromUnixTimeSeconds(d["hst"].AsInt64),
            DateTimeOffset.FromUnixTimeSeconds(d["first"].AsInt64),
            [.. d["r"].AsArray.Select(v => v.AsArray).Select(a => new MinuteRecord
            {
                Device = device,
                Time = new DateTime(a[0].AsInt64, DateTimeKind.Utc),
                Source = MinuteSource.History,
                Voc = Number(a[1]), Pm1 = Number(a[2]), Pm25 = Number(a[3]), Pm10 = Number(a[4]),
                T = Number(a[5]), H = Number(a[6]), P = Number(a[7]), Latitude = Number(a[8]), Longitude = Number(a[9]),
            })],
            d["why"].AsString);
    }

    private static BsonValue Value(double? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

    private static double? Number(BsonValue value) => value.IsNull ? null : value.AsDouble;
}
