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
}
