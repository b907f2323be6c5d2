using Atmo.Core;

namespace Atmo.Bench;

/// <summary>What <see cref="SyntheticStore.Create"/> built.</summary>
public sealed record SyntheticStoreInfo(string Path, IReadOnlyList<MacAddress> Devices, DateTime FirstMinute, DateTime EndUtc, long Records, long FileBytes, TimeSpan Elapsed);
