using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Health;

/// <summary>
/// The database folder accepts a durable write: a small probe file is created, flushed to disk
/// and deleted beside the database (a read-only remount, a full SD card or a wrong owner all
/// fail here), and enough space is left for LiteDB to grow.
/// </summary>
public sealed class DatabaseWritableCheck(IOptions<StorageOptions> options) : IReadinessCheck
{
    /// <summary>Below this much free space the check fails: LiteDB needs room for its log and growth.</summary>
    public const long MinimumFreeBytes = 16L * 1024 * 1024;

    public string Name => ReadinessChecks.Database;

    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Check());

    public CheckResult Check()
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(options.Value.Path)) ?? "/";
        string probe = Path.Combine(folder, $".atmo-edge-probe-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                stream.WriteByte(1);
                stream.Flush(flushToDisk: true);
            }

            long free = new DriveInfo(folder).AvailableFreeSpace;
            if (free < MinimumFreeBytes)
                return CheckResult.Fail($"only {free / 1024 / 1024} MiB free in the database folder; free some space");
            return CheckResult.Ok($"writable, {free / 1024 / 1024} MiB free");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return CheckResult.Fail($"the database folder is not writable ({exception.GetType().Name}); check the disk, its free space and the folder's owner");
        }
    }
}
