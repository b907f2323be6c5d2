using Atmo.Core;

namespace Atmo.Storage.Encoding;

/// <summary>A validated record of a batch with its values already scaled and rounded.</summary>
internal sealed class IncomingMinute(MinuteRecord record, long minute, ushort mask, int[] values)
{
    public MinuteRecord Record { get; } = record;
    public long Minute { get; } = minute;
    public int Hour => MinuteClock.HourOf(Minute);
    public int Slot => MinuteClock.SlotOf(Minute);
    public MinuteSource Source => Record.Source;
    public ushort Mask { get; } = mask;
    public int[] Values { get; } = values;
}
