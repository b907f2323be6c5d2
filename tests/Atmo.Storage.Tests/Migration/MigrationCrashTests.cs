using System.Diagnostics;
using System.Globalization;
using Atmo.Core;
using Atmo.Storage.CrashWriter;
using Atmo.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Atmo.Storage.Tests.Migration;

/// <summary>
/// The migration of a file of the earlier layout, killed with SIGKILL at random moments in a real child process
/// (Atmo.Storage.CrashWriter migrate), then finished by the next start: every minute of every device is there,
/// with its values and source, and every device's statistics, whatever moment the kill hit.
/// </summary>
public sealed class MigrationCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Devices = 24;
    private const int Days = 4;
    private static readonly DateTime Start = new(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly string _folder = Directory.CreateTempSubdirectory("atmo-migration-crash-").FullName;
    private readonly Random _random = new(20261206);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_migration_killed_at_any_moment_finishes_at_the_next_start_with_every_minute()
    {
        string template = Path.Combine(_folder, "template.db");
        Dictionary<MacAddress, (DeviceStats Stats, List<StoredMinute> Minutes)> expected = CreateLegacyFile(template);

        // An uncut run: how long the migration takes in the child, so the kills spread over all of it.
        string path = Fresh(template, "uncut");
        TimeSpan duration;
        using (var child = CrashWriterProcess.Start("migrate", path))
        {
            WaitFor(child, "log: Minute store");
            var watch = Stopwatch.StartNew();
            Assert.StartsWith("opened " + Devices.ToString(CultureInfo.InvariantCulture), WaitFor(child, "opened "));
            duration = watch.Elapsed;
            Assert.Equal(0, child.WaitForExit());
        }

        output.WriteLine($"The uncut migration took {duration.TotalMilliseconds:0} ms.");
        AssertIntact(path, expected, "uncut");
        int killedMidway = 0;
        for (int run = 0; run < 12; run++)
        {
            path = Fresh(template, $"run{run}");
            using var child = CrashWriterProcess.Start("migrate", path);
            WaitFor(child, "log: Minute store");   // the migration has started
            Thread.Sleep(TimeSpan.FromMilliseconds(_random.NextDouble() * 0.7 * duration.TotalMilliseconds));
            child.Kill();
            bool finished = DrainOutput(child).Any(line => line.StartsWith("opened ", StringComparison.Ordinal));
            killedMidway += finished ? 0 : 1;
            output.WriteLine($"run {run}: killed {(finished ? "after" : "during")} the migration");
            AssertIntact(path, expected, $"run {run}");
        }

        Assert.True(killedMidway >= 4, $"only {killedMidway} of 12 kills hit the migration");
    }

    /// <summary>Every device's minutes through the real store, then turned into the earlier layout; what the store held.</summary>
    private static Dictionary<MacAddress, (DeviceStats, List<StoredMinute>)> CreateLegacyFile(string path)
    {
        var expected = new Dictionary<MacAddress, (DeviceStats, List<StoredMinute>)>();
        using (var store = new LiteDbMinuteStore(new StorageOptions { Path = path, Durability = CommitDurability.ProcessCrashOnly }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance))
        {
            for (int d = 0; d < Devices; d++)
            {
                MacAddress device = new(0xC0FFEE100000UL + (ulong)d);
                for (int day = 0; day < Days; day++)
                {
                    List<MinuteRecord> history = Minutes.History(day * 1440, 1440, device, seed: d + day)
                        .ConvertAll(record => record with { Time = Start.AddDays(day).AddMinutes(record.Time.Subtract(Minutes.Start).TotalMinutes - day * 1440) });
                    store.Write(history);
                }

                // Some live minutes after the history, and a cloud minute with an exact position.
                store.Write([.. Enumerable.Range(0, 30).Select(i => Minutes.At(Start.AddDays(Days).AddMinutes(i), MinuteSource.Live, voc: 0.5 + d * 0.01, device: device))]);
                store.Write([Minutes.At(Start.AddDays(Days).AddMinutes(40), MinuteSource.Cloud, device: device) with { Latitude = 47.376886999999996, Longitude = 8.541694 }]);
            }

            foreach (MacAddress device in store.Devices())
                expected[device] = (store.GetStats(device), [.. store.StreamQuery(new MinuteQuery(device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items]);
        }

        Assert.Equal(Devices, LegacyLayout.Downgrade(path));
        return expected;
    }

    private string Fresh(string template, string name)
    {
        string path = Path.Combine(_folder, name, "atmo-edge.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(template, path);
        return path;
    }

    private static void AssertIntact(string path, Dictionary<MacAddress, (DeviceStats Stats, List<StoredMinute> Minutes)> expected, string run)
    {
        using var store = new LiteDbMinuteStore(new StorageOptions { Path = path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        Assert.Equal(expected.Keys.Order(), store.Devices());
        foreach ((MacAddress device, (DeviceStats stats, List<StoredMinute> minutes)) in expected)
        {
            Assert.Equal(stats, store.GetStats(device));
            List<StoredMinute> stored = [.. store.StreamQuery(new MinuteQuery(device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending)).Items];
            Assert.True(minutes.SequenceEqual(stored), $"{run}: {device} has {stored.Count} of {minutes.Count} minutes, or other values");
        }
    }

    private static string WaitFor(CrashWriterProcess child, string prefix)
    {
        string? line;
        while ((line = child.ReadLine()) is not null)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return line;
        }

        Assert.Fail($"the child ended without '{prefix}': {child.Errors}");
        return "";
    }

    private static List<string> DrainOutput(CrashWriterProcess child)
    {
        var lines = new List<string>();
        string? line;
        while ((line = child.ReadLine()) is not null)
            lines.Add(line);
        return lines;
    }
}
