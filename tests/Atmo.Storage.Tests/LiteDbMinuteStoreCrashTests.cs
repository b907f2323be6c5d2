using System.Diagnostics;
using System.Globalization;
using Atmo.Core;
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
        string writer = Path.Combine(AppContext.BaseDirectory, "Atmo.Storage.CrashWriter.dll");
        Assert.True(File.Exists(writer), $"crash writer missing: {writer}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "exec", writer, _temp.Options.Path, firstBatch.ToString(CultureInfo.InvariantCulture), BatchesPerRun.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);

        using Process process = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        int lastAcknowledged = firstBatch - 1;
        int commits = 0;
        bool killed = false;
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
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

        process.WaitForExit();
        Assert.True(killed, $"the writer ended before it was killed: {errors}");
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
    }
}
