using Atmo.Sync.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atmo.Sync;

/// <summary>Runs a <see cref="SyncPass"/> every <see cref="CloudOptions.IntervalMinutes"/> and whenever <see cref="SyncTrigger"/> asks.</summary>
public sealed class SyncWorker(SyncPass pass, SyncTrigger trigger, CloudApiKey key, IOptions<CloudOptions> options,
    TimeProvider timeProvider, ILogger<SyncWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!key.IsConfigured)
        {
            logger.LogInformation("Cloud sync is off: set Cloud:ApiKey or Cloud:ApiKeyFile to fill gaps from the Atmotube Cloud.");
            return;
        }
        var interval = TimeSpan.FromMinutes(options.Value.IntervalMinutes);
        logger.LogInformation("Cloud sync is on: a pass every {Minutes} minutes.", options.Value.IntervalMinutes);
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
                logger.LogError("Cloud sync pass failed: {Reason}", key.Redactor.Redact(e.Message));
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
}
