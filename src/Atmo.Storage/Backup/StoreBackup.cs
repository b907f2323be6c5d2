namespace Atmo.Storage.Backup;

/// <summary>
/// Online backup: a consistent copy of the database while the store is open and written to (docs/storage.md,
/// "Backup and restore"). The copy is one read transaction of LiteDB (every collection as of one commit),
/// written into a new file; writes go on meanwhile. Either in one process (<see cref="Create"/>) or split
/// between the daemon (<see cref="WriteSnapshot"/>) and <c>atmo-edge backup</c> (<see cref="CreateFromSnapshot"/>).
/// </summary>
public static class StoreBackup
{
    /// <summary>Copies the open store into a new file <paramref name="target"/>.</summary>
    /// <exception cref="IOException">The target exists or cannot be written, or the store cannot be read.</exception>
    public static BackupSummary Create(LiteDbMinuteStore store, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var file = new BackupFile(target);
        store.ReadSnapshot(file, cancellationToken);
        return file.Complete();
    }

    /// <summary>Writes a snapshot of the open store to <paramref name="output"/> (the daemon's side); an error is sent as such.</summary>
    public static void WriteSnapshot(LiteDbMinuteStore store, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var writer = new SnapshotStream.Writer(output);
        try
        {
            store.ReadSnapshot(writer, cancellationToken);
        }
        catch (Exception e) when (e is IOException or LiteDB.LiteException or UnauthorizedAccessException or InvalidDataException)
        {
            writer.Error(e.Message);
            return;
        }

        writer.End();
    }

    /// <summary>Builds the file <paramref name="target"/> from a snapshot read from <paramref name="input"/> (the command's side).</summary>
    /// <exception cref="IOException">The target exists or cannot be written, or the snapshot is incomplete.</exception>
    public static BackupSummary CreateFromSnapshot(Stream input, string target, CancellationToken cancellationToken)
    {
        using var file = new BackupFile(target);
        SnapshotStream.Read(input, file, cancellationToken);
        return file.Complete();
    }
}
