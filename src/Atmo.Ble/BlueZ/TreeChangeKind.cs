namespace Atmo.Ble.BlueZ;

internal enum TreeChangeKind
{
    InterfacesAdded,
    InterfacesRemoved,
    PropertiesChanged,

    /// <summary>org.bluez lost its owner: every object is gone.</summary>
    ServiceLost,

    /// <summary>org.bluez has an owner again and the tree was re-read.</summary>
    ServiceRestored,
}
