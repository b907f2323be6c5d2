namespace Atmo.Storage;

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// Path of the LiteDB database file. Default <c>data/atmo-edge.db</c> relative to the working
    /// directory; the installed service sets <c>/var/lib/atmo-edge/atmo-edge.db</c>.
    /// </summary>
    public string Path { get; set; } = "data/atmo-edge.db";

    /// <summary>Days of minutes to keep; 0 keeps everything forever. Default 0.</summary>
    public int RetentionDays { get; set; }
}
