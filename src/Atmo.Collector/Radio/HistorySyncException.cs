using Atmo.Ble.Protocol;

namespace Atmo.Collector.Radio;

/// <summary>A history download that ended without completing (the batch in flight was not acknowledged).</summary>
public sealed class HistorySyncException(HistoryOutcome outcome, string? problem)
    : Exception($"History download ended with {outcome}: {problem ?? "no detail"}")
{
    public HistoryOutcome Outcome { get; } = outcome;
}
