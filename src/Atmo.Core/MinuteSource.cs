namespace Atmo.Core;

/// <summary>Where the values of a stored minute came from. The order is not a precedence.</summary>
public enum MinuteSource : byte
{
    /// <summary>Averaged by the gateway from advertisements and GATT reads during that minute.</summary>
    Live = 0,

    /// <summary>The device's own minute average, downloaded over the UART history service.</summary>
    History = 1,

    /// <summary>The device's minute average as uploaded by a phone and fetched from the Atmotube Cloud.</summary>
    Cloud = 2,
}

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
