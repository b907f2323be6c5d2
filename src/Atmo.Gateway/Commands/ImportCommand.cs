using System.CommandLine;
using Atmo.Core;
using Atmo.Gateway.CommandLine;
using Atmo.Sync.Api;
using Atmo.Sync.Import;

namespace Atmo.Gateway.Commands;

/// <summary><c>atmo-edge import &lt;file&gt; --mac &lt;MAC&gt;</c>: loads a saved Atmotube Cloud response.</summary>
public sealed class ImportCommand : ICliCommand
{
    private readonly Argument<string> _file = new("file") { Description = "the saved response, as the cloud sent it (JSON or CSV)" };

    private readonly Option<MacAddress> _mac = MacOption.Create("the device the data is from");

    public ImportCommand()
    {
        Definition = new Command("import", "load a saved Atmotube Cloud response (JSON or CSV) into the store as 'cloud' minutes") { _file, _mac };
        Definition.Validators.Add(command =>
        {
            if (command.GetResult(_mac) is null)
                command.AddError("--mac is required: atmo-edge import <file> --mac <MAC>");
        });
    }

    public Command Definition { get; }

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddCloudSyncWithoutWorker(configuration);

    public async Task<int> RunAsync(CommandContext context)
    {
        MacAddress device = context.Arguments.GetValue(_mac);
        string path = context.Arguments.GetValue(_file)!;
        var importer = context.Services.GetRequiredService<CloudFileImporter>();
        var progress = new ConsoleProgressLine<ImportProgress>(context.Error, p => $"{p.Stage}: {p.Records:N0} records");
        ImportSummary summary;
        try
        {
            summary = await importer.ImportAsync(path, device, progress, context.Cancellation);
        }
        catch (Exception e) when (e is CloudFormatException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            progress.Finish();
            await context.Error.WriteLineAsync($"import failed, nothing was written: {e.Message}");
            return ExitCodes.Failure;
        }
        progress.Finish();

        TextWriter o = context.Out;
        await o.WriteLineAsync($"Imported {path} ({summary.Format}) for {device}:");
        await o.WriteLineAsync($"  read       {summary.Read,8:N0}");
        await o.WriteLineAsync($"  inserted   {summary.Inserted,8:N0}");
        await o.WriteLineAsync($"  replaced   {summary.ReplacedLive,8:N0}  (live minutes replaced by cloud ones)");
        await o.WriteLineAsync($"  unchanged  {summary.Unchanged,8:N0}  (already stored, or outranked)");
        await o.WriteLineAsync($"  duplicates {summary.DuplicatesInFile,8:N0}  (same minute twice in the file)");
        await o.WriteLineAsync($"  disagree   {summary.Disagreements,8:N0}  (stored device values kept)");
        await o.WriteLineAsync($"  dropped    {summary.ValuesDropped,8:N0}  (implausible values; the rest of their minute was kept)");
        await o.WriteLineAsync($"  rejected   {summary.Rejected.Count,8:N0}");
        foreach (RejectedRecord rejected in summary.Rejected.Take(20))
            await o.WriteLineAsync($"    {rejected.Location}: {rejected.Reason}");
        if (summary.Rejected.Count > 20)
            await o.WriteLineAsync($"    … and {summary.Rejected.Count - 20:N0} more");
        return ExitCodes.Success;
    }
}
