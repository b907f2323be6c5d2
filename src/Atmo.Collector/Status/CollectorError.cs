namespace Atmo.Collector.Status;

public sealed record CollectorError(DateTimeOffset Time, string Message);
