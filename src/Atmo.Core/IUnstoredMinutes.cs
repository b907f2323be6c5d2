namespace Atmo.Core;

/// <summary>
/// Minutes a producer holds in memory and has not stored yet: the collector's closed live minutes, which wait
/// for the device's history (it replaces them) so that they cost the SD card nothing. Readers merge them with
/// the store's minutes under the store's precedence: a stored history or cloud minute outranks an unstored
/// live one, an unstored live minute replaces a stored live one (<see cref="UnstoredMerge"/>).
/// </summary>
public interface IUnstoredMinutes
{
    /// <summary>The unstored minutes of <paramref name="device"/> in [<paramref name="from"/>, <paramref name="to"/>), ascending.</summary>
    IReadOnlyList<MinuteRecord> Find(MacAddress device, DateTime from, DateTime to);
}
