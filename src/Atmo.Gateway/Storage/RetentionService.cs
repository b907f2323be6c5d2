using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Storage;

/// <summary>
/// Deletes minutes older than <see cref="StorageOptions.RetentionDays"/>: once at start, then every
/// day. Does nothing when retention is 0 (keep forever). A failed run is logged and retried the next day.
/// </summary>
internal sealed partial class RetentionService(
    IMinuteStore store, IOptions<StorageOptions> options, TimeProvider timeProvider, ILogger<RetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int days = options.Value.RetentionDays;
        if (days <= 0)
        {
            LogKeepForever(logger);
            return;
        }

        using var timer = new PeriodicTimer(Interval, timeProvider);
        do
        {
            DeleteExpired(days);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void DeleteExpired(int days)
    {
        DateTime cutoff = MinuteTime.Floor(timeProvider.GetUtcNow()).AddDays(-days);
        try
        {
            long deleted = store.DeleteOlderThan(cutoff);
            LogDeleted(logger, deleted, cutoff, days);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, cutoff);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: Storage:RetentionDays is 0, every minute is kept")]
    private static partial void LogKeepForever(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Deleted} minute(s) older than {Cutoff:u} (Storage:RetentionDays = {Days})")]
    private static partial void LogDeleted(ILogger logger, long deleted, DateTime cutoff, int days);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention: deleting minutes older than {Cutoff:u} failed; retrying in a day")]
    private static partial void LogFailed(ILogger logger, Exception exception, DateTime cutoff);
}
