namespace Atmo.Sync.Api;

/// <param name="Location">"record 12" (0-based index in items) or "line 7" (1-based).</param>
public sealed record RejectedRecord(string Location, string Reason);
