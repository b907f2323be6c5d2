using System.CommandLine;
using Atmo.Gateway.CommandLine;
using Atmo.Sync;

namespace Atmo.Gateway.Commands;

/// <summary><c>atmo-edge sync</c>: one cloud reconciliation pass with a progress line, then a summary.</summary>
public sealed class SyncCommand : ICliCommand
{
    public Command Definition { get; } = new("sync", "ask the Atmotube Cloud once for the minutes the store is missing, then exit");

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddCloudSyncWithoutWorker(configuration);

    public async Task<int> RunAsync(CommandContext context)
    {
        var pass = context.Services.GetRequiredService<SyncPass>();
        var progress = new ConsoleProgressLine<SyncProgress>(context.Error, p =>
            $"devices {p.Devices}  ranges {p.RangesDone}/{p.RangesPlanned}  requests {p.RequestsSent:N0}  minutes filled {p.MinutesFilled:N0}" +
            (p.CurrentDevice is { } mac ? $"  ({mac})" : ""));
        SyncSummary summary = await pass.RunAsync(progress, context.Cancellation);
        progress.Finish();

        TextWriter o = context.Out;
        if (!summary.Enabled)
        {
            await context.Error.WriteLineAsync(summary.StoppedReason);
            return ExitCodes.Failure;
        }
        await o.WriteLineAsync($"Cloud sync pass finished in {summary.Duration.TotalSeconds:N1} s:");
        await o.WriteLineAsync($"  devices        {summary.Devices,8:N0}");
        await o.WriteLineAsync($"  ranges planned {summary.RangesPlanned,8:N0}  (completed {summary.RangesCompleted:N0}, failed {summary.RangesFailed:N0})");
        await o.WriteLineAsync($"  requests sent  {summary.RequestsSent,8:N0}");
        await o.WriteLineAsync($"  minutes filled {summary.MinutesFilled,8:N0}  (received {summary.RecordsReceived:N0}, unchanged {summary.Unchanged:N0})");
        await o.WriteLineAsync($"  disagreements  {summary.Disagreements,8:N0}");
        await o.WriteLineAsync($"  rejected       {summary.Rejected,8:N0}");
        await o.WriteLineAsync($"  dropped        {summary.ValuesDropped,8:N0}  (implausible values; the rest of their minute was kept)");
        await o.WriteLineAsync($"  days backed off {summary.DaysBackedOff,7:N0}  (the cloud had nothing new; asked again later)");
        if (summary.StoppedReason is not null)
            await o.WriteLineAsync($"  stopped early: {summary.StoppedReason}");
        foreach (string error in summary.Errors)
            await o.WriteLineAsync($"  error: {error}");
        return summary.RangesFailed == 0 && summary.StoppedReason is null ? ExitCodes.Success : ExitCodes.Failure;
    }
}
