using Atmo.Core;

namespace Atmo.Ble.Protocol;

/// <summary>
/// What BlueZ knows about one device, as read from its org.bluez.Device1 properties
/// (Address, Name, UUIDs, ManufacturerData, RSSI). The input of <see cref="AdvertisementDecoder"/>.
/// </summary>
/// <param name="Name">Device1.Name; null when BlueZ has not seen a name.</param>
/// <param name="ServiceUuids">Device1.UUIDs, any case.</param>
/// <param name="ManufacturerData">Device1.ManufacturerData: company ID → payload after the company ID.</param>
/// <param name="Rssi">Device1.RSSI in dBm; null when BlueZ has no current value.</param>
public sealed record DeviceAdvertisement(
    MacAddress Address,
    string? Name,
    IReadOnlyCollection<string> ServiceUuids,
    IReadOnlyDictionary<ushort, byte[]> ManufacturerData,
    short? Rssi);
