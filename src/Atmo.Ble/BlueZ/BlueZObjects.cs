using Atmo.Core;

namespace Atmo.Ble.BlueZ;

/// <summary>An org.bluez.Adapter1 object, e.g. /org/bluez/hci0.</summary>
public sealed record BlueZAdapterInfo(string Path, string? Address, bool Powered, bool Discovering)
{
    /// <summary>The last path element, e.g. "hci0".</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];
}

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

/// <summary>An org.bluez.GattCharacteristic1 object of a connected device.</summary>
public sealed record BlueZCharacteristicInfo(
    string Path,
    string Uuid,
    string ServicePath,
    string? ServiceUuid,
    IReadOnlyList<string> Flags,
    int? Mtu,
    bool Notifying)
{
    /// <summary>True when WriteValue should use type "command" (write without response).</summary>
    public bool PrefersWriteWithoutResponse => Flags.Contains("write-without-response");
}

/// <summary>BlueZ appeared or vanished (bluetoothd started, stopped or restarted).</summary>
public sealed class BlueZAvailabilityEventArgs(bool available) : EventArgs
{
    public bool Available { get; } = available;
}

public sealed class BlueZAdapterEventArgs(BlueZAdapterInfo adapter) : EventArgs
{
    public BlueZAdapterInfo Adapter { get; } = adapter;
}
