namespace Atmo.Ble.Protocol;

/// <param name="Batches">Batches stored so far in this session.</param>
/// <param name="Records">Records stored so far.</param>
/// <param name="Bytes">Notification bytes (HT + HD) of the stored batches.</param>
public sealed record HistoryProgress(int Batches, int Records, long Bytes, TimeSpan Elapsed);
