using Atmo.Core;

namespace Atmo.Gateway.Data;

/// <summary>A validated <c>GET /api/v1/data</c> request.</summary>
/// <param name="Days">Null: no date was given (all stored minutes, newest first by default).</param>
/// <param name="Limit">Null: every record of <paramref name="Days"/>.</param>
/// <param name="Separator">The CSV field separator byte.</param>
/// <param name="IncludeSource">JSON items carry <c>source</c> (<c>include=source</c>, a gateway extension).</param>
public sealed record DataRequest(
    MacAddress Device,
    SortOrder Order,
    DataFormat Format,
    int Offset,
    int? Limit,
    DayRange? Days,
    byte Separator,
    bool IncludeSource = false)
{
    private static readonly DateTime BeginningOfTime = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    public MinuteQuery ToQuery() => new(
        Device,
        Days?.From ?? BeginningOfTime,
        Days?.To ?? DayRange.EndOfTime,
        Order,
        Offset,
        Limit);
}
