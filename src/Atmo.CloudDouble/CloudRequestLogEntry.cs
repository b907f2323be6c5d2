namespace Atmo.CloudDouble;

/// <summary>One request as the double saw it.</summary>
/// <param name="Time">Arrival, on the double's TimeProvider.</param>
/// <param name="Query">The query string with the api_key value masked.</param>
/// <param name="Status">The HTTP status answered.</param>
public sealed record CloudRequestLogEntry(DateTimeOffset Time, string Query, int Status, string? Mac, int Items);
