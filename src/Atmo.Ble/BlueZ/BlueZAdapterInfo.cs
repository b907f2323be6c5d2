namespace Atmo.Ble.BlueZ;

/// <summary>An org.bluez.Adapter1 object, e.g. /org/bluez/hci0.</summary>
public sealed record BlueZAdapterInfo(string Path, string? Address, bool Powered, bool Discovering)
{
    /// <summary>The last path element, e.g. "hci0".</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];
}
