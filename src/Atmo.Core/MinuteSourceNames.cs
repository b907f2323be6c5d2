namespace Atmo.Core;

public static class MinuteSourceNames
{
    public static string ToWireName(this MinuteSource source) => source switch
    {
        MinuteSource.Live => "live",
        MinuteSource.History => "history",
        MinuteSource.Cloud => "cloud",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    /// <summary>
    /// Whether values from this source are kept and served exactly as received: the cloud's are (a mirror
    /// returns the cloud's own numbers, issue 10); values measured by the device are kept in the contract's
    /// precision.
    /// </summary>
    public static bool KeepsExactValues(this MinuteSource source) => source == MinuteSource.Cloud;

    /// <summary>Device minute averages (history, cloud) outrank live averages.</summary>
    public static bool IsDeviceAverage(this MinuteSource source) => source is MinuteSource.History or MinuteSource.Cloud;
}
