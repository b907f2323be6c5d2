namespace Atmo.Storage.Backup;

/// <summary>A backup file as written: where, how big, and what it holds.</summary>
/// <param name="Minutes">Stored minutes of every device, from the backup's own statistics.</param>
public sealed record BackupSummary(string Path, long Bytes, int Devices, long Minutes);
