namespace Atmo.Ble.Protocol;

public enum AdvertisementStatus
{
    /// <summary>An Atmotube PRO payload was decoded.</summary>
    Decoded,

    /// <summary>Neither the name ATMOTUBE nor the PRO service UUID: another product (e.g. an Atmocube on 0xFFFF).</summary>
    NotAtmotube,

    /// <summary>A factory-test or DFU-bootloader name: not a measuring device.</summary>
    IgnoredName,

    /// <summary>An Atmotube without manufacturer data for 0xFFFF yet.</summary>
    NoPayload,

    /// <summary>The 0xFFFF payload has a length other than 12, 9 or 21.</summary>
    UnknownLength,
}
