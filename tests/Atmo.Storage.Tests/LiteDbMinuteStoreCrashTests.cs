using System.Globalization;
using Atmo.Core;
using Atmo.Storage.CrashWriter;
using Atmo.Storage.Tests.Support;

namespace Atmo.Storage.Tests;

/// <summary>
/// A real child process (Atmo.Storage.CrashWriter) writes batches and says "committed n" after each
/// Write returns; the test kills it with SIGKILL and checks the file: every acknowledged batch is
/// whole, and no batch is there in part.
/// </summary>
public sealed class LiteDbMinuteStoreCrashTests : IDisposable
{
    private const int BatchesPerRun = 10_000;
    private readonly TempStore _temp = new();
    private readonly Random _random = new(20261126);

    public LiteDbMinuteStoreCrashTests() => _temp.Store.Dispose();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AcknowledgedBatch_SurvivesSigkillRightAfterWriteReturns()
    {
        for (int run = 0; run < 8; run++)
        {
            int acknowledgedBefore = _random.Next(1, 6);
            int acknowledged = RunAndKill(run * BatchesPerRun, afterCommits: acknowledgedBefore, afterDelay: null);

            AssertWholeBatchesOnly(run, acknowledged);
        }
    }

    [Fact]
    public void BatchKilledMidWrite_IsWhollyAbsentOrWhollyPresent_AndEarlierBatchesSurvive()
    {
        for (int run = 0; run < 20; run++)
        {
            int acknowledged = RunAndKill(run * BatchesPerRun, afterCommits: null, afterDelay: TimeSpan.FromMilliseconds(_random.Next(0, 60)));

            AssertWholeBatchesOnly(run, acknowledged);
        }
    }

    /// <summary>
    /// Starts the writer and kills it after <paramref name="afterCommits"/> acknowledgements, or
    /// <paramref name="afterDelay"/> after the first one (which warms up the JIT, so the kill lands
    /// anywhere in the stream of batches); returns the last acknowledged batch number.
    /// </summary>
    private int RunAndKill(int firstBatch, int? afterCommits, TimeSpan? afterDelay)
    {
        using var process = CrashWriterProcess.Start(
            _temp.Options.Path, firstBatch.ToString(CultureInfo.InvariantCulture), BatchesPerRun.ToString(CultureInfo.InvariantCulture));
        int lastAcknowledged = firstBatch - 1;
        int commits = 0;
        bool killed = false;
        string? line;
        while ((line = process.ReadLine()) is not null)
        {
            if (!line.StartsWith("committed ", StringComparison.Ordinal))
                continue;
            lastAcknowledged = int.Parse(line["committed ".Length..], CultureInfo.InvariantCulture);
            commits++;
            if (killed || (commits != afterCommits && (afterDelay is null || commits != 1)))
                continue;
            if (afterDelay is { } delay)
                Thread.Sleep(delay);
            process.Kill();
            killed = true;
        }

        Assert.True(killed, $"the writer ended before it was killed: {process.Errors}");
        return lastAcknowledged;
    }

    private void AssertWholeBatchesOnly(int run, int lastAcknowledged)
    {
        using LiteDbMinuteStore store = _temp.Open();
        int firstOfRun = run * BatchesPerRun;
        var presentByDevice = new List<int[]>();
        foreach ((MacAddress device, int size) in new[] { (CrashBatch.DeviceA, CrashBatch.HistoryMinutes), (CrashBatch.DeviceB, CrashBatch.LiveMinutes) })
        {
            DateTime from = CrashBatch.Origin.AddMinutes((long)firstOfRun * size);
            DateTime to = CrashBatch.Origin.AddMinutes((long)(firstOfRun + BatchesPerRun) * size);
            IReadOnlyList<MinuteRecord> stored = store.Query(new MinuteQuery(device, from, to, SortOrder.Ascending)).Items;
            var batches = stored.GroupBy(record => (int)record.Pm10!.Value).ToDictionary(group => group.Key, group => group.ToList());

            for (int n = firstOfRun; n <= lastAcknowledged; n++)
                Assert.True(batches.ContainsKey(n), $"run {run}: acknowledged batch {n} of {device} is missing");
            foreach ((int n, List<MinuteRecord> records) in batches)
            {
                List<MinuteRecord> expected = [.. CrashBatch.Build(n).Where(record => record.Device == device)];
                Assert.True(expected.Count == records.Count, $"run {run}: batch {n} of {device} has {records.Count} of {expected.Count} records");
                Assert.Equal(expected, records);
            }

            // Only the batch in flight may have been committed without being acknowledged.
            Assert.True(batches.Count <= lastAcknowledged - firstOfRun + 2, $"run {run}: more batches than were written");
            presentByDevice.Add([.. batches.Keys.Order()]);
        }

        // One batch spans both devices: it must be there for both or for neither.
        Assert.Equal(presentByDevice[0], presentByDevice[1]);
        AssertFeedMatchesStore(store, run);
    }

    /// <summary>The change feed is committed with the minutes: its entries name exactly the stored minutes, numbered 1, 2, 3, … without a gap.</summary>
    private static void AssertFeedMatchesStore(LiteDbMinuteStore store, int run)
    {
        IReadOnlyList<MinuteChange> changes = store.ChangesAfter(0, int.MaxValue);
        Assert.Equal(Enumerable.Range(1, changes.Count).Select(n => (long)n), changes.Select(change => change.Sequence));
        Assert.Equal(store.LastSequence, changes.Count);
        foreach (MacAddress device in new[] { CrashBatch.DeviceA, CrashBatch.DeviceB })
        {
            List<DateTime> fed = [.. changes.Where(change => change.Device == device).SelectMany(change => change.Minutes).Order()];
            Assert.True(fed.SequenceEqual(store.StoredMinutes(device, DateTime.MinValue, DateTime.MaxValue)), $"run {run}: the change feed of {device} does not name exactly its stored minutes");
        }
    }
}
