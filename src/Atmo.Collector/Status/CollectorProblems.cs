using Microsoft.Extensions.Logging;

namespace Atmo.Collector.Status;

/// <summary>A problem of the collector as a whole (BlueZ, adapter, storage): logged as a warning and kept as the last error.</summary>
internal static partial class CollectorProblems
{
    public static void Fail(this CollectorStatus status, ILogger logger, DateTimeOffset now, string problem)
    {
        LogProblem(logger, problem);
        status.Error(now, problem);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);
}
