using Atmo.Core;
using Atmo.Core.TimeBase;
using LiteDB;

namespace Atmo.Storage;

/// <summary>
/// The history quarantine, the re-anchoring marks and the clock evidence live in the same file as the minutes, so
/// they share its lock, its transactions and its durability. Collections: <c>quarantine</c> (one document per
/// batch), <c>reanchored</c> (marks) and <c>meta</c> (<c>{ _id: "clock", t }</c>).
/// </summary>
public sealed partial class LiteDbMinuteStore : IHistoryQuarantine, IClockEvidence
{
    private const string QuarantineCollection = "quarantine";
    private const string MarksCollection = "reanchored";
    private const string MetaCollection = "meta";
    private const string ClockKey = "clock";

    /// <summary>The clock evidence is written when it moved this far: a few SD-card writes an hour.</summary>
    private static readonly TimeSpan ClockWriteEvery = TimeSpan.FromMinutes(10);

    private readonly Lock _clockLock = new();

    /// <summary>The quarantine at a glance, kept between changes: <c>/readyz</c> (no key needed) reads it on every call.</summary>
    private IReadOnlyList<QuarantineSummary>? _quarantineSummary;
    private DateTimeOffset? _saneClock;
    private DateTimeOffset? _saneClockWritten;
    private bool _clockLoaded;

    public QuarantineAddResult Add(QuarantinedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            ILiteCollection<BsonDocument> batches = _database.GetCollection(QuarantineCollection);
            var all = batches.FindAll().Select(d => (Id: d["_id"].AsInt64, Device: d["d"].AsString, Minutes: d["r"].AsArray.Count)).ToList();
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
            _database.BeginTrans();
            try
            {
                foreach (long old in evict)
                    batches.Delete(old);
                batches.Insert(ToDocument(batch with { Id = id }));
                _database.Commit();
            }
            catch
            {
                _database.Rollback();
                throw;
            }

            _quarantineSummary = null;
            _commitSync.AfterCommit();
            return new QuarantineAddResult(true, id, evicted);
        }
    }

    public IReadOnlyList<QuarantinedBatch> List(MacAddress? device = null)
    {
        ThrowIfDisposed();
        IEnumerable<BsonDocument> documents = device is { } mac
            ? _database.GetCollection(QuarantineCollection).Find(LiteDB.Query.EQ("d", mac.ToCompactString()))
            : _database.GetCollection(QuarantineCollection).FindAll();
        return [.. documents.Select(FromDocument).OrderBy(b => b.Id)];
    }

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

    public int Remove(IReadOnlyCollection<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            int removed = _database.GetCollection(QuarantineCollection).DeleteMany(LiteDB.Query.In("_id", ids.Select(id => new BsonValue(id))));
            _quarantineSummary = null;
            if (removed > 0)
                _commitSync.AfterCommit();
            return removed;
        }
    }

    public void AddMark(ReanchorMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            ILiteCollection<BsonDocument> marks = _database.GetCollection(MarksCollection, BsonAutoId.Int64);
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

            _commitSync.AfterCommit();
        }
    }

    public IReadOnlyList<ReanchorMark> Marks(MacAddress? device = null)
    {
        ThrowIfDisposed();
        ILiteCollection<BsonDocument> marks = _database.GetCollection(MarksCollection, BsonAutoId.Int64);
        IEnumerable<BsonDocument> documents = device is { } mac ? marks.Find(LiteDB.Query.EQ("d", mac.ToCompactString())) : marks.FindAll();
        return [.. documents.OrderBy(d => d["_id"].AsInt64).Select(d => new ReanchorMark(
            MacAddress.Parse(d["d"].AsString),
            new DateTimeOffset(DateTime.SpecifyKind(d["at"].AsDateTime, DateTimeKind.Utc)),
            TimeSpan.FromSeconds(d["shift"].AsInt64),
            DateTime.SpecifyKind(d["first"].AsDateTime, DateTimeKind.Utc),
            DateTime.SpecifyKind(d["last"].AsDateTime, DateTimeKind.Utc),
            d["n"].AsInt32,
            d["by"].AsString))];
    }

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

    public void ObserveSaneClock(DateTimeOffset now)
    {
        lock (_clockLock)
        {
            LoadClock();
            if (_saneClock is { } held && now <= held)
                return;
            _saneClock = now;
            if (_saneClockWritten is { } written && now - written < ClockWriteEvery)
                return;
            lock (_writeLock)
            {
                ThrowIfDisposed();
                _database.GetCollection(MetaCollection).Upsert(new BsonDocument { ["_id"] = ClockKey, ["t"] = now.UtcDateTime });
                _commitSync.AfterCommit();
            }

            _saneClockWritten = now;
        }
    }

    private void LoadClock()
    {
        if (_clockLoaded)
            return;
        ThrowIfDisposed();
        BsonDocument? document = _database.GetCollection(MetaCollection).FindById(ClockKey);
        if (document is not null)
            _saneClock = _saneClockWritten = new DateTimeOffset(DateTime.SpecifyKind(document["t"].AsDateTime, DateTimeKind.Utc));
        _clockLoaded = true;
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
