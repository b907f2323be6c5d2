using Atmo.Core;

namespace Atmo.Ble.Tests.Devices;

/// <summary>
/// The system clock, moved when created to the tenth second of a minute, and on by <see cref="Skip"/>. An emulated
/// unit appends a record at every minute boundary of its clock, and an HST sent across one would find the unit's
/// memory and the HST time on different sides of it: starting mid-minute keeps a short test away from boundaries
/// without waiting for the real clock to leave one.
/// </summary>
internal sealed class MidMinuteClock : TimeProvider
{
    private long _shiftTicks;

    public MidMinuteClock()
    {
        DateTimeOffset now = System.GetUtcNow();
        _shiftTicks = (TimeSpan.FromSeconds(10) - (now - new DateTimeOffset(MinuteTime.Floor(now), TimeSpan.Zero))).Ticks;
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));

    /// <summary>Moves the clock on at once, e.g. so that the next HST carries a later time.</summary>
    public void Skip(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);
}
