using Atmo.Core;

namespace Atmo.Ble.BlueZ;

/// <summary>An org.bluez.Device1 object as BlueZ currently describes it.</summary>
public sealed record BlueZDeviceInfo(
    string Path,
    string? AdapterPath,
    MacAddress Address,
    string? AddressType,
    string? Name,
    string? Alias,
    IReadOnlyList<string> Uuids,
    IReadOnlyDictionary<ushort, byte[]> ManufacturerData,
    short? Rssi,
    bool Connected,
    bool ServicesResolved);
