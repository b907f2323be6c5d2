using System.Net.Sockets;
using System.Text;
using Atmo.Core;
using Atmo.Core.TimeBase;
using Atmo.Storage;
using Atmo.Storage.Backup;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Storage;

/// <summary>
/// Serves <c>atmo-edge backup</c> while the daemon runs: LiteDB allows one process per file and the store holds
/// the lock file, so the command asks the daemon over <see cref="BackupSocket"/> and receives a consistent snapshot
/// (<see cref="StoreBackup.WriteSnapshot"/>), which it writes where it wants, with its own permissions. One backup
/// at a time; collection and the API go on meanwhile.
/// </summary>
internal sealed partial class BackupSocketServer(IMinuteStore store, IOptions<StorageOptions> options, ILogger<BackupSocketServer> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The store behind the plausibility gate (a plain 'store is LiteDbMinuteStore' is false on the gate). A store
        // without a file (test doubles) has nothing to back up; Unix sockets and modes are Linux here.
        if (StoreParts.Find<LiteDbMinuteStore>(store) is not { } database || OperatingSystem.IsWindows())
            return;
        string path = BackupSocket.PathFor(options.Value.Path);
        if (!BackupSocket.Fits(path))
        {
            LogPathTooLong(logger, path);
            return;
        }

        // A socket file left by a killed daemon: the database's lock file says this process owns the folder now.
        File.Delete(path);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(2);
            while (!stoppingToken.IsCancellationRequested)
            {
                Socket client = await listener.AcceptAsync(stoppingToken);
                _ = Task.Run(() => Serve(client, database, stoppingToken), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            File.Delete(path);
        }
    }

    public override void Dispose()
    {
        _oneAtATime.Dispose();
        base.Dispose();
    }

    /// <summary>One request, on its own thread (the snapshot is one LiteDB read transaction, which belongs to a thread).</summary>
    private void Serve(Socket client, LiteDbMinuteStore database, CancellationToken stoppingToken)
    {
        using (client)
        {
            try
            {
                if (!BackupSocket.PeerAllowed(client))
                {
                    LogRefused(logger);
                    return;
                }

                using var stream = new NetworkStream(client, ownsSocket: false);
                if (ReadRequest(stream) != BackupSocket.Request)
                    return;
                _oneAtATime.Wait(stoppingToken);
                try
                {
                    LogStarted(logger, database.FilePath);
                    StoreBackup.WriteSnapshot(database, stream, stoppingToken);
                    LogSent(logger);
                }
                finally
                {
                    _oneAtATime.Release();
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The command went away (Ctrl+C) or the daemon stops: its partial file is its own to delete.
                LogAborted(logger, e.Message);
            }
        }
    }

    private static string ReadRequest(NetworkStream stream)
    {
        var line = new StringBuilder();
        stream.ReadTimeout = 10_000;
        while (line.Length < BackupSocket.Request.Length)
        {
            int b = stream.ReadByte();
            if (b < 0)
                break;
            line.Append((char)b);
            if (b == '\n')
                break;
        }

        return line.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Online backup is unavailable: the socket path {Path} is longer than a Unix socket allows; choose a shorter Storage:Path")]
    private static partial void LogPathTooLong(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backup socket: a process of another user was refused (only root and the service user may ask)")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup of {Path} requested: sending a snapshot")]
    private static partial void LogStarted(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup snapshot sent")]
    private static partial void LogSent(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backup aborted: {Message}")]
    private static partial void LogAborted(ILogger logger, string message);
}
