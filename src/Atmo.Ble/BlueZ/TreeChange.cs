using Tmds.DBus.Protocol;

namespace Atmo.Ble.BlueZ;

/// <summary>One change of BlueZ's object tree, as our cache applied it.</summary>
internal sealed record TreeChange(
    TreeChangeKind Kind,
    string Path,
    IReadOnlyCollection<string> Interfaces,
    IReadOnlyDictionary<string, VariantValue>? Changed = null);
