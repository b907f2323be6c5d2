using Atmo.Sync.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atmo.Sync;

/// <summary>Runs a <see cref="SyncPass"/> every <see cref="CloudOptions.IntervalMinutes"/> and whenever <see cref="SyncTrigger"/> asks.</summary>
public sealed partial class SyncWorker(SyncPass pass, SyncTrigger trigger, CloudApiKey key, IOptions<CloudOptions> options,
    TimeProvider timeProvider, ILogger<SyncWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!key.IsConfigured)
        {
            LogSyncOff(logger);
            return;
        }
        var interval = TimeSpan.FromMinutes(options.Value.IntervalMinutes);
        LogSyncOn(logger, options.Value.IntervalMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass.RunAsync(null, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failing pass (e.g. the store) must not stop the daemon; the next pass tries again.
                LogPassFailed(logger, key.Redactor.Redact(e.Message));
            }
            try
            {
                await trigger.WaitAsync(interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud sync is off: set Cloud:ApiKey or Cloud:ApiKeyFile to fill gaps from the Atmotube Cloud.")]
    private static partial void LogSyncOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud sync is on: a pass every {Minutes} minutes.")]
    private static partial void LogSyncOn(ILogger logger, int minutes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cloud sync pass failed: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string reason);
}
