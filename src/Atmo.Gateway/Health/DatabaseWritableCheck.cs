using Atmo.Core;
using Atmo.Core.Operations;
using Atmo.Storage;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Health;

/// <summary>
/// The store can commit: its own last real commit did not fail (<see cref="IStoreHealth"/>: after a full disk or
/// a read-only remount it fails here, with the reason, until the store recovers by itself), the database folder
/// accepts a durable write (a small probe file is created, flushed to disk and deleted beside the database), and
/// enough space is left for LiteDB to grow.
/// </summary>
/// <remarks>
/// <c>/readyz</c> needs no key: a result is reused for <see cref="ProbeReuse"/>, so a flood of requests costs at most
/// one probe write (one fsync on the SD card) per that time, however many arrive at once.
/// </remarks>
public sealed class DatabaseWritableCheck(IOptions<StorageOptions> options, TimeProvider time, IMinuteStore? store = null) : IReadinessCheck
{
    /// <summary>Below this much free space the check fails: LiteDB needs room for its log and growth.</summary>
    public const long MinimumFreeBytes = 16L * 1024 * 1024;

    /// <summary>How long one probe's result answers <c>/readyz</c>.</summary>
    public static readonly TimeSpan ProbeReuse = TimeSpan.FromSeconds(10);

    private readonly Lock _probing = new();
    private (CheckResult Result, long At)? _recent;

    public string Name => ReadinessChecks.Database;

    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Check());

    /// <summary>The result of a probe at most <see cref="ProbeReuse"/> old; concurrent callers wait for the one probe.</summary>
    public CheckResult Check()
    {
        if (store is IStoreHealth { Condition: { Failure: { } reason } condition })
            return CheckResult.Fail($"minutes cannot be stored since {condition.FailingSince:yyyy-MM-ddTHH:mm:ss}Z: {reason}");
        lock (_probing)
        {
            if (_recent is { } recent && time.GetElapsedTime(recent.At) < ProbeReuse)
                return recent.Result;
            CheckResult result = Probe();
            _recent = (result, time.GetTimestamp());
            return result;
        }
    }

    private CheckResult Probe()
    {
        if (ProbeWrite() is { } failure)
            return CheckResult.Fail(failure);
        try
        {
            long free = new DriveInfo(Folder).AvailableFreeSpace;
            if (free < MinimumFreeBytes)
                return CheckResult.Fail($"only {free / 1024 / 1024} MiB free in the database folder; free some space");
            return CheckResult.Ok($"writable, {free / 1024 / 1024} MiB free");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return CheckResult.Fail($"cannot read the free space of the database folder ({exception.GetType().Name})");
        }
    }

    /// <summary>The durable write of a probe file beside the database, without the free-space rule.</summary>
    /// <returns>Null when the write succeeded, else why not.</returns>
    public string? ProbeWrite()
    {
        string probe = Path.Combine(Folder, $".atmo-edge-probe-{Guid.NewGuid():N}");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            stream.WriteByte(1);
            stream.Flush(flushToDisk: true);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"the database folder is not writable ({exception.GetType().Name}); check the disk, its free space and the folder's owner";
        }
    }

    private string Folder => Path.GetDirectoryName(Path.GetFullPath(options.Value.Path)) ?? "/";
}
