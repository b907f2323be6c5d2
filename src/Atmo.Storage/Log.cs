using Microsoft.Extensions.Logging;

namespace Atmo.Storage;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Minute store {Path} opened: {Devices} devices, durability {Durability}")]
    public static partial void Opened(ILogger logger, string path, int devices, CommitDurability durability);

    [LoggerMessage(2, LogLevel.Information, "Device {Device}: {Count} history records are a re-send shifted by {Shift} min; skipped")]
    public static partial void ShiftedResend(ILogger logger, string device, int count, int shift);

    [LoggerMessage(3, LogLevel.Warning, "Device {Device}: {Count} new minutes where device averages (history/cloud) disagree; the first stored values were kept")]
    public static partial void Disagreements(ILogger logger, string device, long count);

    [LoggerMessage(4, LogLevel.Information, "Retention: deleted {Count} minutes older than {Cutoff:O}")]
    public static partial void Retention(ILogger logger, long count, DateTime cutoff);

    [LoggerMessage(5, LogLevel.Error, "Minute store {Path} cannot commit, nothing of the batch was stored: {Reason}. Retrying by itself")]
    public static partial void CommitFailed(ILogger logger, Exception? exception, string path, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Minute store {Path} still cannot commit: {Reason}")]
    public static partial void CommitStillFailing(ILogger logger, string path, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Minute store {Path} commits again (it could not since {Since:u})")]
    public static partial void Recovered(ILogger logger, string path, DateTimeOffset since);

    [LoggerMessage(8, LogLevel.Warning, "Minute store {Path}: reopening (read-only: {ReadOnly}) failed: {Message}")]
    public static partial void ReopenFailed(ILogger logger, string path, bool readOnly, string message);

    [LoggerMessage(9, LogLevel.Warning, "Change feed: the cursors saved since the last commit could not be written at close ({Message}); consumers resume from the cursors written before")]
    public static partial void CursorsNotWritten(ILogger logger, string message);

    [LoggerMessage(10, LogLevel.Debug, "Change feed: pruning failed ({Message}); trying again in a day")]
    public static partial void PruneFailed(ILogger logger, string message);

    [LoggerMessage(11, LogLevel.Information, "Change feed: pruned {Count} entries, up to sequence {Sequence}")]
    public static partial void FeedPruned(ILogger logger, int count, long sequence);

    [LoggerMessage(12, LogLevel.Warning, "Minute store {Path} has the earlier layout (one collection per device): moving {Hours:N0} hours ({Minutes:N0} minutes) of {Devices} devices into one collection. This runs once; stopping it is safe, it resumes at the next start")]
    public static partial void MigrationStarted(ILogger logger, string path, long hours, long minutes, int devices);

    [LoggerMessage(13, LogLevel.Information, "Migration: {Done:N0} of {Total:N0} hours moved ({Percent:0}%), device {Device} of {Devices}")]
    public static partial void MigrationProgress(ILogger logger, long done, long total, double percent, int device, int devices);

    [LoggerMessage(14, LogLevel.Warning, "Migration done: {Minutes:N0} minutes of {Devices} devices in one collection after {Seconds:0.0} s ({Rate:N0} minutes/s)")]
    public static partial void MigrationDone(ILogger logger, long minutes, int devices, double seconds, double rate);

    [LoggerMessage(15, LogLevel.Warning, "Minute store {Path}: closing it failed ({Message}); committed minutes are safe in its log file and are kept at the next start")]
    public static partial void CloseFailed(ILogger logger, string path, string message);
}
