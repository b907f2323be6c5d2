namespace Atmo.Ble.Protocol;

/// <param name="Advertisement">Set only when <see cref="Status"/> is <see cref="AdvertisementStatus.Decoded"/>.</param>
/// <param name="Problem">Why nothing was decoded, for a log line; null when decoded.</param>
public sealed record AdvertisementDecodeResult(
    AdvertisementStatus Status,
    AtmotubeAdvertisement? Advertisement,
    string? Problem);
