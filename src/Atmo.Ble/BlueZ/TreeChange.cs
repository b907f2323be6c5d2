using Tmds.DBus.Protocol;

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

/// <summary>One change of BlueZ's object tree, as our cache applied it.</summary>
internal sealed record TreeChange(
    TreeChangeKind Kind,
    string Path,
    IReadOnlyCollection<string> Interfaces,
    IReadOnlyDictionary<string, VariantValue>? Changed = null);
