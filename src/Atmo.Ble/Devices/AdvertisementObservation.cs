using Atmo.Core;

namespace Atmo.Ble.Devices;

/// <summary>
/// One advertisement as BlueZ reported it, undecoded: the protocol decoders turn the 0xFFFF payload
/// (12, 9 or 21 bytes) into values. Not filtered: non-Atmotube devices are reported too.
/// </summary>
/// <param name="ManufacturerData">
/// Company id → payload as it arrived in this update (for an Atmotube the key is 0xFFFF); empty when
/// BlueZ reported only a new RSSI.
/// </param>
/// <param name="Time">When the gateway saw it (its TimeProvider, UTC).</param>
public sealed record AdvertisementObservation(
    MacAddress Address,
    string? Name,
    IReadOnlyList<string> Uuids,
    IReadOnlyDictionary<ushort, byte[]> ManufacturerData,
    short? Rssi,
    DateTimeOffset Time);
