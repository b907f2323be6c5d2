using Atmo.Core;
using Atmo.Gateway.CommandLine;
using Atmo.Storage;
using Atmo.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Gateway.Tests.Commands;

/// <summary>
/// <c>atmo-edge backup</c> through the real command line: from the running daemon (its Unix socket) while minutes are
/// being written, from the file when no daemon runs, and one clear line with exit code 1 when it cannot.
/// </summary>
public sealed class BackupCommandTests : IDisposable
{
    private static readonly MacAddress Device = MacAddress.Parse("AA:BB:CC:00:11:22");
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly string _dir = Directory.CreateTempSubdirectory("atmo-backup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Database => Path.Combine(_dir, "atmo-edge.db");

    private string Target => Path.Combine(_dir, "copies", "backup.db");

    private async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await GatewayApp.CreateCli(output, error).RunAsync([.. args, $"--Storage:Path={Database}"]);
        return (exit, output.ToString(), error.ToString());
    }

    private static List<MinuteRecord> Batch(int n) =>
        [.. Enumerable.Range(n * 10, 10).Select(i => new MinuteRecord { Device = Device, Time = Start.AddMinutes(i), Source = MinuteSource.History, T = i % 30 })];

    private static LiteDbMinuteStore Open(string path) =>
        new(new StorageOptions { Path = path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);

    [Fact]
    public async Task A_backup_taken_while_the_daemon_stores_minutes_opens_and_holds_every_minute_stored_before_it_started()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
        int storedBefore;
        WebApplication daemon = GatewayApp.Build(
            ["--urls=http://127.0.0.1:0", $"--Storage:Path={Database}", "--Api:Keys:0=backup-test-key", $"--Ble:BusAddress=unix:path={_dir}/no-bus"]);
        await using (daemon)
        {
            await daemon.StartAsync();
            IMinuteStore store = daemon.Services.GetRequiredService<IMinuteStore>();
            int stored = 0;
            using var stop = new CancellationTokenSource();
            // Standing in for the collector: batches stored one after the other for as long as the test runs.
            var writing = Task.Run(() =>
            {
                for (int n = 0; !stop.IsCancellationRequested; n++)
                {
                    store.Write(Batch(n));
                    Volatile.Write(ref stored, n + 1);
                }
            });
            await Eventually.UntilAsync(() => File.Exists(Path.Combine(_dir, "atmo-edge.sock")) && Volatile.Read(ref stored) >= 20, "the daemon listening and storing");

            storedBefore = Volatile.Read(ref stored);
            (int exit, string output, string error) = await Run("backup", Target);
            int storedAfter = Volatile.Read(ref stored);
            await stop.CancelAsync();
            await writing;
            await daemon.StopAsync();

            Assert.True(exit == ExitCodes.Success, error);
            Assert.StartsWith($"Backed up {Database} to {Target}: 1 devices,", output, StringComparison.Ordinal);
            Assert.True(storedAfter > storedBefore, "minutes were stored while the backup ran");
        }

        using LiteDbMinuteStore backup = Open(Target);
        IReadOnlyList<DateTime> minutes = backup.StoredMinutes(Device, DateTime.MinValue, DateTime.MaxValue);
        Assert.True(minutes.Count >= storedBefore * 10, $"{minutes.Count} minutes in the backup, {storedBefore * 10} were stored before it started");
        Assert.Equal(Enumerable.Range(0, minutes.Count).Select(i => Start.AddMinutes(i)), minutes);
        Assert.Equal(minutes.Count, backup.GetStats(Device).History);
    }

    [Fact]
    public async Task Without_a_daemon_the_backup_reads_the_file_itself()
    {
        using (LiteDbMinuteStore store = Open(Database))
            store.Write(Batch(0));
        Directory.CreateDirectory(Path.GetDirectoryName(Target)!);

        (int exit, string output, string error) = await Run("backup", Target);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("1 devices, 10 minutes", output, StringComparison.Ordinal);
        using LiteDbMinuteStore backup = Open(Target);
        Assert.Equal(10, backup.GetStats(Device).History);
    }

    [Theory]
    [InlineData("exists", "exists already; give a new file name")]
    [InlineData("no-folder", "does not exist; create it first")]
    [InlineData("no-database", "There is no database at")]
    [InlineData("held", "it is in use by another process")]
    public async Task What_cannot_be_backed_up_is_one_line_and_exit_code_1(string situation, string message)
    {
        string target = situation == "no-folder" ? Path.Combine(_dir, "missing", "b.db") : Target;
        Directory.CreateDirectory(Path.Combine(_dir, "copies"));
        if (situation == "exists")
            File.WriteAllText(Target, "an earlier backup");
        if (situation != "no-database")
        {
            using LiteDbMinuteStore store = Open(Database);
            store.Write(Batch(0));
        }

        // "held": a process (this one) holds the database without answering on the socket.
        using LiteDbMinuteStore? holder = situation == "held" ? Open(Database) : null;
        (int exit, string output, string error) = await Run("backup", target);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Empty(output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("backup failed, no backup was written: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        if (situation == "exists")
            Assert.Equal("an earlier backup", File.ReadAllText(Target));
        else
            Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task An_import_into_a_database_another_process_holds_is_one_line_and_exit_code_1()
    {
        string file = Path.Combine(_dir, "cloud.json");
        File.WriteAllText(file, """{"status":0,"data":{"total":1,"items":[{"time":"2023-11-14T23:53:00.000Z","voc":1.241}]}}""");
        using LiteDbMinuteStore holder = Open(Database);

        (int exit, _, string error) = await Run("import", file, "--mac", Device.ToString());

        Assert.Equal(ExitCodes.Failure, exit);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"atmo-edge import: Cannot open the database '{Database}': it is in use by another process", line, StringComparison.Ordinal);
    }
}
