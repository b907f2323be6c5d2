using Atmo.Core;

namespace Atmo.Ble.Protocol;

/// <summary>A decoded Atmotube PRO advertisement: the base part, the PM part, or both (§2.2).</summary>
public sealed record AtmotubeAdvertisement(MacAddress Address, short? Rssi, AdvertisedBase? Base, AdvertisedPm? Pm)
{
    /// <summary>Values dropped as implausible ("humidity (%) 140"); empty when every value was plausible.</summary>
    public IReadOnlyList<string> Dropped { get; init; } = [];
}
