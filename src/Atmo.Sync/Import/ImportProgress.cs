namespace Atmo.Sync.Import;

/// <summary>Progress of an import: records parsed so far, then the write.</summary>
public sealed record ImportProgress(string Stage, int Records);
