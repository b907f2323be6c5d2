namespace Atmo.Ble.BlueZ;

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
