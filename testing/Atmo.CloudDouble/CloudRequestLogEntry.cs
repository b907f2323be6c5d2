namespace Atmo.CloudDouble;

/// <summary>One request as the double saw it.</summary>
/// <param name="Time">Arrival, on the double's TimeProvider.</param>
/// <param name="Query">The query string with the api_key value masked.</param>
public sealed record CloudRequestLogEntry(DateTimeOffset Time, string Query, string? Mac)
{
    /// <summary>
    /// The HTTP status answered, set as the response starts (before the client can see it);
    /// 0 while unanswered or when the client gave up first.
    /// </summary>
    public int Status { get; internal set; }
}
