using System.Text;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Sync.Api;
using Microsoft.Extensions.Logging;

namespace Atmo.Sync.Import;

/// <summary>
/// Loads a saved cloud response (the JSON envelope, or the cloud's CSV with <c>;</c> or <c>,</c>)
/// into the store as <see cref="MinuteSource.Cloud"/> minutes of one device.
/// [D] A malformed file (not JSON, truncated, wrong envelope, wrong types, a CSV row with the wrong
/// number of fields or a non-number) aborts with an error naming the record index or line, and
/// nothing is written. Rows with a time before 2016 or later than now + 1 min are rejected and
/// reported, and the rest is imported; implausible values are dropped one by one by the store's gate
/// (<see cref="PlausibleMinuteStore"/>) and counted in <see cref="ImportSummary.ValuesDropped"/>. Everything is parsed and checked before one
/// <see cref="IMinuteStore.Write"/> (all or nothing), and importing the same file again inserts nothing.
/// </summary>
public sealed partial class CloudFileImporter(IMinuteStore store, TimeProvider timeProvider, ILogger<CloudFileImporter> logger)
{
    public async Task<ImportSummary> ImportAsync(string path, MacAddress device, IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // People save responses under names like "data?api_key=…&mac=…": never echo a key.
        string shownPath = ApiKeyRedactor.RedactParameter(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{shownPath}: no such file.");

        IProgress<int>? itemsRead = progress is null ? null : new Forward(n => progress.Report(new ImportProgress("parsing", n)));
        (string format, CloudPage page) = await ParseAsync(path, shownPath, device, itemsRead, cancellationToken).ConfigureAwait(false);

        // The store's gate refuses such minutes too; judging them here (by the same rule) names them in the summary.
        DateTimeOffset now = timeProvider.GetUtcNow();
        var rejected = new List<RejectedRecord>(page.Rejected);
        var records = new List<MinuteRecord>(page.Records.Count);
        foreach (MinuteRecord record in page.Records)
        {
            if (PlausibleTime.Judge(record.Time, now) == MinuteTimeVerdict.TooLate)
                rejected.Add(new RejectedRecord($"minute {record.Time:yyyy-MM-ddTHH:mm}Z", "time is later than now + 1 min"));
            else
                records.Add(record);
        }

        progress?.Report(new ImportProgress("writing", records.Count));
        WriteResult written = records.Count == 0 ? WriteResult.Empty : store.Write(records);
        foreach (Disagreement d in written.Disagreements.Take(SyncPass.DisagreementsLoggedPerPass))
            LogDisagreement(logger, d.Stored.Source.ToWireName(), d.Stored.Device, d.Stored.Time);
        foreach (RejectedRecord r in rejected.Take(100))
            LogRejected(logger, shownPath, r.Location, r.Reason);

        var summary = new ImportSummary(format, page.ItemCount, written.Inserted, written.Replaced, written.Unchanged,
            page.Duplicates, written.Disagreements.Count, rejected) { ValuesDropped = written.ValuesDropped };
        progress?.Report(new ImportProgress("done", page.ItemCount));
        LogImported(logger, shownPath, format, device, summary.Read, summary.Inserted, summary.ReplacedLive, summary.Unchanged, rejected.Count);
        return summary;
    }

    private static async Task<(string Format, CloudPage Page)> ParseAsync(string path, string shownPath, MacAddress device,
        IProgress<int>? itemsRead, CancellationToken cancellationToken)
    {
        await using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        bool json = IsJson(path, stream);
        try
        {
            if (json)
                return ("json", await CloudJsonParser.ParseAsync(stream, device, itemsRead, cancellationToken).ConfigureAwait(false));
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return ("csv", CloudCsvParser.Parse(reader, device, itemsRead));
        }
        catch (CloudFormatException e)
        {
            throw e.WithPrefix(shownPath);
        }
    }

    /// <summary>Reports on the parsing thread, in order (Progress&lt;T&gt; would post and reorder).</summary>
    private sealed class Forward(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private static bool IsJson(string path, FileStream stream)
    {
        string extension = Path.GetExtension(path);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
            return true;
        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
            return false;
        int b;
        while ((b = stream.ReadByte()) is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)
        {
        }
        stream.Position = 0;
        return b is '{' or '[';
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import: stored {Source} for {Device} at {Time:yyyy-MM-ddTHH:mm}Z differs from the file; kept the stored values.")]
    private static partial void LogDisagreement(ILogger logger, string source, MacAddress device, DateTime time);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import: {File} {Location} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string file, string location, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {File} ({Format}) for {Device}: {Read} read, {Inserted} inserted, {Replaced} replaced live, {Unchanged} unchanged, {Rejected} rejected.")]
    private static partial void LogImported(ILogger logger, string file, string format, MacAddress device, int read, int inserted, int replaced, int unchanged, int rejected);
}
