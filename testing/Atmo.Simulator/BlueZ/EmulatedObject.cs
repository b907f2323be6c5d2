using Tmds.DBus.Protocol;

namespace Atmo.Simulator.BlueZ;

/// <summary>One exported object: its path and, per interface, its properties.</summary>
internal sealed class EmulatedObject(string path)
{
    public string Path { get; } = path;

    public SortedDictionary<string, Dictionary<string, VariantValue>> Interfaces { get; } = new(StringComparer.Ordinal);

    /// <summary>Properties a client may Set, per interface.</summary>
    public HashSet<(string Interface, string Property)> Writable { get; } = [];
}
