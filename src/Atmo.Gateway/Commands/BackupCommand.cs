using System.CommandLine;
using System.Net.Sockets;
using Atmo.Gateway.CommandLine;
using Atmo.Storage;
using Atmo.Storage.Backup;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Commands;

/// <summary>
/// <c>atmo-edge backup &lt;file&gt;</c>: a consistent copy of the database into a new file, while the daemon runs
/// (it is asked over its <see cref="BackupSocket"/>) or not (the file is read directly). Restoring is described in
/// docs/storage.md.
/// </summary>
public sealed class BackupCommand : ICliCommand
{
    private readonly Argument<string> _file = new("file") { Description = "the backup to write: a new file (never overwritten)" };

    public BackupCommand() =>
        Definition = new Command("backup", "copy the database into a new file, while atmo-edge runs or not (restore: docs/storage.md)") { _file };

    public Command Definition { get; }

    public async Task<int> RunAsync(CommandContext context)
    {
        string target = Path.GetFullPath(context.Arguments.GetValue(_file)!);
        StorageOptions storage = context.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        BackupSummary summary;
        try
        {
            summary = await Task.Run(() => Backup(context.Services, storage, target, context.Cancellation), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException)
        {
            await context.Error.WriteLineAsync($"backup failed, no backup was written: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("backup cancelled, no backup was written.");
            return ExitCodes.Failure;
        }

        await context.Out.WriteLineAsync(
            $"Backed up {Path.GetFullPath(storage.Path)} to {summary.Path}: {summary.Devices:N0} devices, {summary.Minutes:N0} minutes, {summary.Bytes / 1e6:N1} MB.");
        await context.Out.WriteLineAsync("To restore it, see docs/storage.md, \"Backup and restore\".");
        return ExitCodes.Success;
    }

    private static BackupSummary Backup(IServiceProvider services, StorageOptions storage, string target, CancellationToken cancellationToken)
    {
        string socketPath = BackupSocket.PathFor(storage.Path);
        using (Socket? daemon = BackupSocket.TryConnect(socketPath))
        {
            if (daemon is not null)
            {
                using var stream = new NetworkStream(daemon, ownsSocket: false);
                stream.Write(System.Text.Encoding.ASCII.GetBytes(BackupSocket.Request));
                return StoreBackup.CreateFromSnapshot(stream, target, cancellationToken);
            }
        }

        // No daemon answers: read the file directly (the store's lock file stops this if another process has it).
        string database = Path.GetFullPath(storage.Path);
        if (!File.Exists(database))
            throw new IOException($"There is no database at '{database}' (Storage:Path); nothing to back up.");
        LiteDbMinuteStore store;
        try
        {
            store = services.GetRequiredService<LiteDbMinuteStore>();
        }
        catch (StorageOpenException e)
        {
            throw new IOException($"{e.Message} No atmo-edge answers on '{socketPath}', so the process holding it is not one that can make an online backup: stop it, then run the backup again.", e);
        }

        return StoreBackup.Create(store, target, cancellationToken);
    }
}
