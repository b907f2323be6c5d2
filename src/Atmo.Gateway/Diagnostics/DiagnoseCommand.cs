using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using Atmo.Core;
using Atmo.Core.TimeBase;
using Atmo.Gateway.CommandLine;
using Atmo.Storage;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Diagnostics;

/// <summary>
/// <c>atmo-edge diagnose</c>: a report to paste into a bug report. Versions, BlueZ, adapters,
/// rfkill, groups, the effective configuration (secrets masked), database stats and recent errors;
/// every MAC address is masked to its last two bytes. A missing tool or file reads "not found".
/// </summary>
/// <param name="root">Where <c>/etc</c>, <c>/sys</c> and <c>/proc</c> are read from (tests point it at a fake tree).</param>
public sealed class DiagnoseCommand(string root = "/") : ICliCommand
{
    /// <summary>Top-level settings shown even when they come from environment variables (other variables are not ours).</summary>
    private static readonly string[] OwnSections = ["urls", "Storage", "Api", "Cloud", "Sync", "Health", "Devices", "Ble", "Bluetooth", "Collector", "Logging"];

    public Command Definition { get; } = new("diagnose", "print a report for a bug report (versions, Bluetooth, configuration with secrets and MACs masked, database)");

    public async Task<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = new StringBuilder();
        Versions(report);
        Bluetooth(report);
        Groups(report);
        ConfigurationSection(report, context.Services.GetRequiredService<IConfiguration>());
        Database(report, context.Services);
        RecentErrors(report);
        await context.Out.WriteAsync(Redaction.MaskMacs(report.ToString()));
        return ExitCodes.Success;
    }

    private void Versions(StringBuilder report)
    {
        Heading(report, "Versions");
        report.AppendLine($"atmo-edge: {BuildInfo.Version} (built {BuildInfo.BuildDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"})");
        report.AppendLine($".NET: {RuntimeInformation.FrameworkDescription} {RuntimeInformation.RuntimeIdentifier}");
        string? pretty = ReadFile("etc/os-release")?.Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        report.AppendLine($"OS: {pretty?["PRETTY_NAME=".Length..].Trim('"') ?? "not found"}");
        report.AppendLine($"kernel: {ReadFile("proc/sys/kernel/osrelease")?.Trim() ?? "not found"}");
    }

    private void Bluetooth(StringBuilder report)
    {
        Heading(report, "Bluetooth");
        report.AppendLine($"bluetoothd --version: {ToolRunner.Run("bluetoothd", "--version")}");
        report.AppendLine($"bluetoothctl --version: {ToolRunner.Run("bluetoothctl", "--version")}");
        string? unit = ReadFile("lib/systemd/system/bluetooth.service") ?? ReadFile("usr/lib/systemd/system/bluetooth.service");
        string? execStart = unit?.Split('\n').FirstOrDefault(l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        report.AppendLine($"bluetooth.service ExecStart: {execStart?["ExecStart=".Length..] ?? "not found"}"
            + (execStart is null ? "" : execStart.Contains("--experimental", StringComparison.Ordinal) || execStart.Contains(" -E", StringComparison.Ordinal) ? " (experimental on)" : " (experimental off)"));

        string adapters = Path.Combine(root, "sys/class/bluetooth");
        string[] names = Directory.Exists(adapters) ? [.. Directory.GetFileSystemEntries(adapters).Select(Path.GetFileName).OfType<string>().Order()] : [];
        report.AppendLine($"adapters: {(names.Length == 0 ? "none found in /sys/class/bluetooth" : string.Join(", ", names))}");

        string rfkill = Path.Combine(root, "sys/class/rfkill");
        if (!Directory.Exists(rfkill))
        {
            report.AppendLine("rfkill: not found");
            return;
        }

        foreach (string device in Directory.GetFileSystemEntries(rfkill).Order())
        {
            string type = ReadFile(Path.Combine(device, "type"))?.Trim() ?? "?";
            string soft = ReadFile(Path.Combine(device, "soft"))?.Trim() == "1" ? "blocked" : "unblocked";
            string hard = ReadFile(Path.Combine(device, "hard"))?.Trim() == "1" ? "blocked" : "unblocked";
            report.AppendLine($"rfkill {Path.GetFileName(device)}: {type}, soft {soft}, hard {hard}");
        }
    }

    private static void Groups(StringBuilder report)
    {
        Heading(report, "User");
        report.AppendLine($"user: {Environment.UserName}");
        report.AppendLine($"groups: {ToolRunner.Run("id", "-nG")}");
    }

    private static void ConfigurationSection(StringBuilder report, IConfiguration configuration)
    {
        Heading(report, "Configuration (secrets masked)");
        var shown = new SortedDictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (configuration is IConfigurationRoot configurationRoot)
        {
            foreach (IConfigurationProvider provider in configurationRoot.Providers)
            {
                bool environment = provider is EnvironmentVariablesConfigurationProvider;
                foreach (string key in Keys(provider, null))
                {
                    if (environment && !OwnSections.Any(s => key.Equals(s, StringComparison.OrdinalIgnoreCase) || key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)))
                        continue;
                    shown[key] = configuration[key];
                }
            }
        }

        foreach ((string key, string? value) in shown)
            report.AppendLine($"{key} = {(Redaction.IsSecretSetting(key) ? Redaction.MaskSecret(value) : value)}");
    }

    private static IEnumerable<string> Keys(IConfigurationProvider provider, string? parent)
    {
        foreach (string child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            string key = parent is null ? child : parent + ":" + child;
            if (provider.TryGet(key, out _))
                yield return key;
            foreach (string grandchild in Keys(provider, key))
                yield return grandchild;
        }
    }

    private static void Database(StringBuilder report, IServiceProvider services)
    {
        Heading(report, "Database");
        string path = Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.Path);
        if (!File.Exists(path))
        {
            // Opening the store would create an empty database: a report must change nothing.
            report.AppendLine($"file: {path}, not found");
            return;
        }

        report.AppendLine($"file: {path}, {new FileInfo(path).Length:N0} bytes");
        try
        {
            IMinuteStore store = services.GetRequiredService<IMinuteStore>();
            IReadOnlyList<MacAddress> devices = store.Devices();
            report.AppendLine($"devices: {devices.Count}, newest minute: {store.NewestMinute()?.ToString("yyyy-MM-ddTHH:mmZ", System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
            foreach (MacAddress device in devices)
            {
                DeviceStats s = store.GetStats(device);
                report.AppendLine($"  {device}: {s.FirstMinute:yyyy-MM-dd HH:mm} to {s.LastMinute:yyyy-MM-dd HH:mm}, history {s.History}, cloud {s.Cloud}, live {s.Live}, disagreements {s.Disagreements}");
            }

            var quarantine = services.GetRequiredService<IHistoryQuarantine>();
            DateTimeOffset? sane = services.GetRequiredService<IClockEvidence>().LatestSaneClock;
            report.AppendLine($"clock evidence (latest sane host clock): {(sane is { } t ? t.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "none")}");
            IReadOnlyList<QuarantineSummary> quarantined = quarantine.Summary();
            report.AppendLine(quarantined.Count == 0 ? "history quarantine: empty" : "history quarantine (times not trusted; 'atmo-edge quarantine list'):");
            foreach (QuarantineSummary q in quarantined)
                report.AppendLine($"  {q.Device}: {q.Minutes} minutes in {q.Batches} batches, received {q.FirstReceived:yyyy-MM-dd HH:mm} to {q.LastReceived:yyyy-MM-dd HH:mm}");
            foreach (ReanchorMark m in quarantine.Marks().TakeLast(10))
                report.AppendLine($"  stored shifted: {m.Device} {m.Minutes} minutes {m.FirstMinute:yyyy-MM-dd HH:mm} to {m.LastMinute:yyyy-MM-dd HH:mm} by {Commands.QuarantineCommand.Format(m.Shift)} ({m.By}, {m.At:yyyy-MM-dd HH:mm})");
        }
        catch (Exception exception) when (exception is StorageOpenException or IOException or InvalidOperationException)
        {
            report.AppendLine($"cannot open: {exception.Message}");
        }
    }

    private static void RecentErrors(StringBuilder report)
    {
        Heading(report, "Recent errors (journal of atmo-edge.service)");
        report.AppendLine(ToolRunner.Run("journalctl", "-u", "atmo-edge", "-p", "err", "-n", "20", "--no-pager", "-q"));
    }

    private string? ReadFile(string relative)
    {
        try
        {
            return File.ReadAllText(Path.Combine(root, relative));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Heading(StringBuilder report, string title) => report.AppendLine().AppendLine($"## {title}");
}
