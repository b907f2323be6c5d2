namespace Atmo.Core;

public sealed record DeviceStats(
    MacAddress Device,
    DateTime? FirstMinute,
    DateTime? LastMinute,
    long Live,
    long History,
    long Cloud,
    long Disagreements);
