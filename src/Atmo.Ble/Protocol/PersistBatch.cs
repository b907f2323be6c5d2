namespace Atmo.Ble.Protocol;

/// <summary>
/// Persists a complete batch durably. It returns only after the commit; throwing means "not stored",
/// and the batch is then not acknowledged.
/// </summary>
public delegate Task PersistBatch(HistoryBatch batch, CancellationToken cancellationToken);
