namespace Atmo.Simulator.Devices;

/// <summary>A record the unit holds, with the minute it really covers (ground truth for tests).</summary>
/// <param name="Id">Monotonic number; survives the cyclic overwrite so acks find the right records.</param>
/// <param name="Minute">Start of the UTC minute this record averages, by the unit's own clock.</param>
public sealed record StoredRecord(long Id, DateTimeOffset Minute, HistoryValues Values, byte[] Bytes, bool Synced);
