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

    /// <summary>Starts the writer, kills it; returns the last acknowledged batch number (or first − 1).</summary>
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
        string? line = process.StandardOutput.ReadLine();
        if (line != "ready")
        {
            process.Kill();
            process.WaitForExit();
            Assert.Fail($"writer did not start: '{line}' {errors}");
        }

        if (afterDelay is { } delay)
        {
            Thread.Sleep(delay);
            process.Kill();
        }

        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            if (line.StartsWith("committed ", StringComparison.Ordinal))
            {
                lastAcknowledged = int.Parse(line["committed ".Length..], CultureInfo.InvariantCulture);
                if (++commits == afterCommits)
                    process.Kill();
            }
        }

        process.WaitForExit();
        Assert.NotEqual(0, process.ExitCode);
        return lastAcknowledged;
    }

    private void AssertWholeBatchesOnly(int run, int lastAcknowledged)
    {
        using LiteDbMinuteStore store = _temp.Open();
        int firstOfRun = run * BatchesPerRun;
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
        }
    }
}
