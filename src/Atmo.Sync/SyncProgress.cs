using Atmo.Core;

namespace Atmo.Sync;

/// <summary>Where a sync pass is; reported after planning and after each range.</summary>
public sealed record SyncProgress(
    int Devices,
    int RangesPlanned,
    int RangesDone,
    long RequestsSent,
    long MinutesFilled,
    MacAddress? CurrentDevice);
