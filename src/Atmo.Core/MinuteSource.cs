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
